// A common subset of regex syntax on which JavaScript (with the `u` flag) and RE2 agree about
// validity: literals, `.`, anchors, groups `(...)` / `(?:...)`, alternation, `* + ?` (lazy too),
// small counted repetitions, simple character classes and a fixed set of escapes.
// A pattern inside the subset that JS accepts is valid RE2 too, which saves compiling it with
// RE2-in-WASM (milliseconds each). Anything outside the subset, or rejected by JS, goes to RE2.

/** Escapes valid in both engines outside a class: classes, boundaries, controls, punctuation. */
const ESCAPES_OUTSIDE = new Set([..."dDwWsSbBfnrt^$\\.*+?()[]{}|/"]);
/** Escapes valid in both engines inside a class. */
const ESCAPES_INSIDE = new Set([..."dDwWsSfnrt\\]-^./[{}()*+?|$"]);
/** RE2 rejects nested counted repetition beyond 1000; bound the product of all counts. */
const MAX_COUNT_PRODUCT = 1000;

export function inCommonSubset(pattern: string): boolean {
  let countProduct = 1;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "\\") {
      if (!ESCAPES_OUTSIDE.has(pattern[i + 1] ?? "")) return false;
      i += 1;
    } else if (c === "[") {
      const end = classEnd(pattern, i);
      if (end < 0) return false;
      i = end;
    } else if (c === "(") {
      // Only plain groups and `(?:`: no flags, names, lookarounds.
      if (pattern[i + 1] === "?" && pattern[i + 2] !== ":") return false;
    } else if (c === "{") {
      const m = /^\{(\d{1,4})(?:,(\d{0,4}))?\}/.exec(pattern.slice(i, i + 12));
      if (!m) return false;
      countProduct *= Math.max(Number(m[1]), Number(m[2] || 0), 1);
      if (countProduct > MAX_COUNT_PRODUCT) return false;
      i += m[0].length - 1;
    } else if (c === "}" || c === "]") {
      return false;
    }
  }
  return true;
}

/** Index of the `]` closing the class opened at `start`, or -1 if it uses anything unusual. */
function classEnd(pattern: string, start: number): number {
  let i = start + 1;
  if (pattern[i] === "^") i += 1;
  if (pattern[i] === "]") return -1; // a leading `]` is literal in RE2, an empty class in JS
  for (; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "]") return i;
    if (c === "[") return -1; // `[:alpha:]` and friends
    if (c === "\\") {
      if (!ESCAPES_INSIDE.has(pattern[i + 1] ?? "")) return -1;
      i += 1;
    }
  }
  return -1;
}

/** Whether JavaScript accepts the pattern (u flag: strict escapes, like RE2). */
export function jsAccepts(pattern: string): boolean {
  try {
    new RegExp(pattern, "u");
    return true;
  } catch {
    return false;
  }
}
