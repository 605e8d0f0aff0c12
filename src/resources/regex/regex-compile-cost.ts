// A rough, cheap estimate of how costly a pattern is for RE2-in-WASM to compile. RE2-in-WASM
// takes seconds (or runs out of its fixed memory) on patterns such as `\pL{1000}`; Envoy would
// refuse them anyway (its program size limit, Ambassador's `regex_max_size`, defaults to 200).

/** Estimated cost of one atom, in RE2 instructions (UTF-8 makes `.` and classes expensive). */
const UNICODE_CLASS = 200;
const DOT = 10;
const NEGATED_CLASS = 20;
const CLASS = 5;

export function estimateCompileCost(pattern: string, cap: number): number {
  // One running total per open group; never empty (the `?? 0`s below cannot apply).
  const groups: number[] = [0];
  let last = 0;
  const add = (w: number): void => {
    groups[groups.length - 1] = (groups[groups.length - 1] ?? 0) + w;
    last = w;
  };
  for (let i = 0; i < pattern.length && (groups[0] ?? 0) <= cap; i++) {
    const c = pattern[i];
    if (c === "\\") {
      const e = pattern[i + 1] ?? "";
      const unicode = e === "p" || e === "P";
      // `\p{Greek}` runs to its brace, `\pL` is one letter long.
      if (unicode && pattern[i + 2] === "{") i = Math.max(i + 2, pattern.indexOf("}", i));
      else i += unicode ? 2 : 1;
      add(unicode ? UNICODE_CLASS : 1);
    } else if (c === "[") {
      const end = pattern.indexOf("]", i + 2);
      const body = pattern.slice(i, end < 0 ? pattern.length : end + 1);
      add(/\\[pP]/.test(body) ? UNICODE_CLASS : pattern[i + 1] === "^" ? NEGATED_CLASS : CLASS);
      i = end < 0 ? pattern.length : end;
    } else if (c === "(") {
      groups.push(0);
    } else if (c === ")" && groups.length > 1) {
      const w = groups.pop() ?? 0;
      add(w + 1);
    } else if (c === "{") {
      const m = /^\{(\d+)(?:,(\d*))?\}/.exec(pattern.slice(i, i + 16));
      if (!m) {
        add(1);
        continue;
      }
      const n = Math.max(Number(m[1]), m[2] === undefined ? 0 : m[2] === "" ? Number(m[1]) + 1 : Number(m[2]));
      groups[groups.length - 1] = (groups[groups.length - 1] ?? 0) + last * (n - 1);
      last *= n;
      i += m[0].length - 1;
    } else if (c === ".") {
      add(DOT);
    } else if (c !== "*" && c !== "+" && c !== "?" && c !== "|") {
      add(1);
    }
  }
  while (groups.length > 1) add(groups.pop() ?? 0);
  return groups[0] ?? 0;
}
