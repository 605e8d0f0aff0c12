// Tiny type guards for parsed YAML/JSON values.

export type PlainObject = Record<string, unknown>;

export function isPlainObject(v: unknown): v is PlainObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === "string");
}

/** Deeper documents are refused rather than walked (a guard for every recursive walk later). */
export const MAX_DEPTH = 64;

/**
 * Whether a value holds more than `limit` nodes, counting shared (YAML-aliased) nodes every time
 * they are reached, or nests deeper than MAX_DEPTH. Stops as soon as the answer is known:
 * guards every later walk against alias bombs.
 */
export function expandedSizeExceeds(value: unknown, limit: number): boolean {
  return count(value, limit, 0) > limit;
}

/** Nodes under `v`, or `limit + 1` once over the limit or too deep. */
function count(v: unknown, limit: number, depth: number): number {
  if (typeof v !== "object" || v === null) return 1;
  if (depth > MAX_DEPTH) return limit + 1;
  let n = 1;
  if (Array.isArray(v)) {
    for (const x of v) if ((n += count(x, limit - n, depth + 1)) > limit) return limit + 1;
  } else {
    for (const x of Object.values(v)) if ((n += count(x, limit - n, depth + 1)) > limit) return limit + 1;
  }
  return n;
}

/** JSON with object keys sorted: equal for equal content, whatever the key order. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(",")}]`;
  if (isPlainObject(v)) {
    const keys = Object.keys(v).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(v[k])}`).join(",")}}`;
  }
  return JSON.stringify(v) ?? "null";
}
