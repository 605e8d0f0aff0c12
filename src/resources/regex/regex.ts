// RE2 syntax check for the regexes Envoy will compile (Envoy uses Google RE2, not JS RegExp:
// no lookarounds, no backreferences, `(?P<name>...)` groups, `\pL` classes...).
//
// Cheapest first: patterns inside a syntax subset both engines agree on are checked with JS
// RegExp (microseconds); the rest with RE2 itself (compiled to WASM: milliseconds each, so
// results are memoised by pattern), after a compile-cost estimate keeps pathological ones out.
import { re2Error } from "./re2-binding.js";
import { estimateCompileCost } from "./regex-compile-cost.js";
import { inCommonSubset, jsAccepts } from "./regex-subset.js";
import { boundedMemo } from "../../util/bounded-memo.js";

/** Longest regex accepted at all. */
const MAX_REGEX_LENGTH = 4096;
/** Largest compile cost sent to RE2-in-WASM (about 10x what Envoy accepts by default). */
const MAX_COMPILE_COST = 2000;

/** Undefined when `pattern` is a valid RE2 regex, else the reason. */
export function checkRegex(pattern: string): string | undefined {
  if (pattern.length > MAX_REGEX_LENGTH) {
    return `regex too long (${pattern.length} characters, at most ${MAX_REGEX_LENGTH})`;
  }
  return regexVerdict(pattern);
}

const regexVerdict = boundedMemo((pattern: string): string | undefined =>
  inCommonSubset(pattern) && jsAccepts(pattern) ? undefined : slowCheck(pattern),
);

function slowCheck(pattern: string): string | undefined {
  if (estimateCompileCost(pattern, MAX_COMPILE_COST) > MAX_COMPILE_COST) {
    return "regex too complex (its RE2 program would be far over Envoy's limit, regex_max_size)";
  }
  const problem = re2Error(pattern);
  return problem === undefined ? undefined : `invalid RE2 regex: ${problem}`;
}
