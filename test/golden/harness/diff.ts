// A small unified line diff, so a failing golden comparison shows what changed and where
// instead of two walls of JSON. Longest-common-subsequence over the lines that differ.

type Op = { readonly kind: " " | "-" | "+"; readonly line: string };

const CONTEXT = 3;

/** `diff -u` style text; empty string when both texts are equal. */
export function unifiedDiff(expected: string, actual: string, expectedLabel: string, actualLabel: string): string {
  if (expected === actual) return "";
  const ops = lineOps(splitLines(expected), splitLines(actual));
  return [`--- ${expectedLabel}`, `+++ ${actualLabel}`, ...hunks(ops)].join("\n") + "\n";
}

function splitLines(text: string): string[] {
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  return lines;
}

/** Edit script from `a` to `b`; common head and tail are peeled off before the quadratic part. */
function lineOps(a: readonly string[], b: readonly string[]): Op[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  return [
    ...a.slice(0, head).map((line): Op => ({ kind: " ", line })),
    ...lcsOps(midA, midB),
    ...a.slice(a.length - tail).map((line): Op => ({ kind: " ", line })),
  ];
}

function lcsOps(a: readonly string[], b: readonly string[]): Op[] {
  const n = a.length;
  const m = b.length;
  // suffix LCS lengths, row-major (n+1) x (m+1)
  const len = new Uint32Array((n + 1) * (m + 1));
  const at = (i: number, j: number): number => len[i * (m + 1) + j] ?? 0;
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      len[i * (m + 1) + j] = a[i] === b[j] ? at(i + 1, j + 1) + 1 : Math.max(at(i + 1, j), at(i, j + 1));
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      ops.push({ kind: " ", line: a[i++] ?? "" });
      j++;
    } else if (i < n && (j === m || at(i + 1, j) >= at(i, j + 1))) {
      ops.push({ kind: "-", line: a[i++] ?? "" });
    } else {
      ops.push({ kind: "+", line: b[j++] ?? "" });
    }
  }
  return ops;
}

/** Groups changes with CONTEXT lines around them into `@@ -a,n +b,m @@` hunks. */
function hunks(ops: readonly Op[]): string[] {
  const changed = ops.map((op, k) => (op.kind === " " ? -1 : k)).filter((k) => k >= 0);
  const out: string[] = [];
  let k = 0;
  while (k < changed.length) {
    const start = Math.max(0, (changed[k] ?? 0) - CONTEXT);
    let end = Math.min(ops.length, (changed[k] ?? 0) + CONTEXT + 1);
    while (k + 1 < changed.length && (changed[k + 1] ?? 0) - CONTEXT <= end) {
      k++;
      end = Math.min(ops.length, (changed[k] ?? 0) + CONTEXT + 1);
    }
    k++;
    out.push(hunkHeader(ops, start, end), ...ops.slice(start, end).map((op) => op.kind + op.line));
  }
  return out;
}

function hunkHeader(ops: readonly Op[], start: number, end: number): string {
  const before = ops.slice(0, start);
  const inside = ops.slice(start, end);
  const aStart = before.filter((op) => op.kind !== "+").length + 1;
  const bStart = before.filter((op) => op.kind !== "-").length + 1;
  const aLen = inside.filter((op) => op.kind !== "+").length;
  const bLen = inside.filter((op) => op.kind !== "-").length;
  return `@@ -${aStart},${aLen} +${bStart},${bLen} @@`;
}
