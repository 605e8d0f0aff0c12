// Copies a parsed document into plain, frozen, alias-free data within a node budget and depth.
// js-yaml resolves aliases to shared references and never limits them, so a short document can
// denote billions of values ("billion laughs"); walking it unbounded would hang the pipeline.
// Freezing matters too: parsed documents are cached and shared across snapshots.

export type CopyResult =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly message: string };

class BudgetExceeded extends Error {}

export function boundedCopy(value: unknown, budget: number, maxDepth: number): CopyResult {
  const state = { left: budget, maxDepth, tooDeep: false };
  try {
    return { ok: true, value: copyValue(value, 0, state) };
  } catch (err) {
    if (!(err instanceof BudgetExceeded)) throw err;
    if (state.tooDeep) return { ok: false, message: `document is nested deeper than ${maxDepth} levels` };
    return {
      ok: false,
      message: `document expands to more than ${budget} values (YAML aliases?); refused as a possible "billion laughs" attack`,
    };
  }
}

interface CopyState {
  left: number;
  readonly maxDepth: number;
  tooDeep: boolean;
}

function copyValue(value: unknown, depth: number, state: CopyState): unknown {
  if (--state.left < 0) throw new BudgetExceeded();
  if (value === null || typeof value !== "object") return value;
  if (depth >= state.maxDepth) {
    state.tooDeep = true;
    throw new BudgetExceeded();
  }
  if (Array.isArray(value)) return Object.freeze(value.map((v) => copyValue(v, depth + 1, state)));
  const out: Record<string, unknown> = {};
  for (const [key, x] of Object.entries(value)) {
    const v = copyValue(x, depth + 1, state);
    if (key === "__proto__") {
      // Must stay a plain data key, never become the copy's prototype.
      Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
    } else {
      out[key] = v;
    }
  }
  return Object.freeze(out);
}
