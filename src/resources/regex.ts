// RE2 syntax check for the regexes Envoy will compile (Envoy uses Google RE2, not JS RegExp:
// no lookarounds, no backreferences, `(?P<name>...)` groups, `\pL` classes...).
//
// Cheapest first: patterns inside a syntax subset both engines agree on are checked with JS
// RegExp (microseconds); the rest with RE2 itself (compiled to WASM: milliseconds each, so
// results are memoised by pattern), after a size estimate keeps pathological ones out.
import { re2Error } from "./re2-binding.js";
import { estimateRegexSize } from "./regex-size.js";
import { inCommonSubset, jsAccepts } from "./regex-subset.js";

/** Longest regex accepted at all. */
export const MAX_REGEX_LENGTH = 4096;
/** Largest estimated RE2 program: 10x Ambassador's default regex_max_size (200). */
export const MAX_REGEX_SIZE = 2000;

const MEMO_LIMIT = 50_000;
const memo = new Map<string, string | null>();

/** Undefined when `pattern` is a valid RE2 regex, else the reason. */
export function checkRegex(pattern: string): string | undefined {
  if (pattern.length > MAX_REGEX_LENGTH) {
    return `regex too long (${pattern.length} characters, at most ${MAX_REGEX_LENGTH})`;
  }
  if (inCommonSubset(pattern) && jsAccepts(pattern)) return undefined;
  let result = memo.get(pattern);
  if (result === undefined) {
    result = slowCheck(pattern) ?? null;
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(pattern, result);
  }
  return result ?? undefined;
}

function slowCheck(pattern: string): string | undefined {
  const size = estimateRegexSize(pattern, MAX_REGEX_SIZE);
  if (size > MAX_REGEX_SIZE) {
    return `regex too complex (estimated RE2 program size over ${MAX_REGEX_SIZE}; Envoy's limit, regex_max_size, defaults to 200)`;
  }
  const problem = re2Error(pattern);
  return problem === undefined ? undefined : `invalid RE2 regex: ${problem}`;
}
