// "Did you mean ...?" for unknown field names: most unknown fields are typos of a real one.

/** The closest candidate within edit distance 2 (1 for short names), if any. */
export function closest(name: string, candidates: readonly string[]): string | undefined {
  const budget = name.length <= 4 ? 1 : 2;
  let best: string | undefined;
  let bestDistance = budget + 1;
  for (const c of candidates) {
    const d = distance(name.toLowerCase(), c.toLowerCase(), bestDistance);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best ?? uniqueExtension(name, candidates);
}

/** `timeout` -> `timeout_ms`: the only candidate that extends the name by a short suffix. */
function uniqueExtension(name: string, candidates: readonly string[]): string | undefined {
  const found = candidates.filter((c) => c.startsWith(name) && c.length > name.length && c.length - name.length <= 3);
  return found.length === 1 ? found[0] : undefined;
}

/** Edit distance counting a swap of two neighbours as one edit (typical of typos);
 * gives up, returning `cap`, once the distance must reach `cap`. */
function distance(a: string, b: string, cap: number): number {
  if (Math.abs(a.length - b.length) >= cap) return cap;
  let before: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const same = a[i - 1] === b[j - 1];
      // Every index read is inside its row; a missing cell could only make a path longer.
      let v = Math.min((prev[j] ?? Infinity) + 1, (cur[j - 1] ?? Infinity) + 1, (prev[j - 1] ?? Infinity) + (same ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, (before[j - 2] ?? Infinity) + 1);
      cur.push(v);
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin >= cap) return cap;
    before = prev;
    prev = cur;
  }
  return Math.min(prev[b.length] ?? cap, cap);
}
