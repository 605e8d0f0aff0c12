// RE2 syntax check for the regexes Envoy will compile (Envoy uses Google RE2, not JS RegExp:
// no lookarounds, no backreferences). Uses the RE2 library itself, compiled to WASM.
//
// Compiling with re2-wasm costs ~0.2 ms per pattern (more for long ones), so results are
// memoised by pattern: a reconfiguration re-checks only regexes it has not seen before.
import { createRequire } from "node:module";

/** Longest regex accepted at all; Envoy's program-size limit is checked by Envoy itself. */
export const MAX_REGEX_LENGTH = 4096;

interface WrappedRE2 {
  ok(): boolean;
  error(): string;
  delete(): void;
}
type WrappedRE2Ctor = new (pattern: string, ignoreCase: boolean, multiline: boolean, dotAll: boolean) => WrappedRE2;

// The raw binding takes RE2 syntax as is; the package's RE2 class would first translate from
// JS syntax and never frees its WASM object (the WASM heap is fixed, so it runs out).
const require = createRequire(import.meta.url);
const { WrappedRE2: RE2 } = require("re2-wasm/build/wasm/re2.js") as { WrappedRE2: WrappedRE2Ctor };

const MEMO_LIMIT = 50_000;
const memo = new Map<string, string | null>();

/** Undefined when `pattern` is a valid RE2 regex, else the reason. */
export function checkRegex(pattern: string): string | undefined {
  if (pattern.length > MAX_REGEX_LENGTH) {
    return `regex too long (${pattern.length} characters, at most ${MAX_REGEX_LENGTH})`;
  }
  let result = memo.get(pattern);
  if (result === undefined) {
    result = compileError(pattern);
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(pattern, result);
  }
  return result ?? undefined;
}

function compileError(pattern: string): string | null {
  const re = new RE2(pattern, false, false, false);
  try {
    return re.ok() ? null : `invalid RE2 regex: ${re.error()}`;
  } finally {
    re.delete();
  }
}
