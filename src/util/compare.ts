// The string orders attache sorts by. Both are locale-independent, so output order is the same
// on every machine.

/** UTF-16 code unit order: names, keys and messages. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * UTF-8 byte order, for paths: JavaScript's `<` compares UTF-16 units, which orders some
 * non-ASCII names differently from `ls`/Go/Kubernetes; snapshots must be ordered the same everywhere.
 */
export function compareBytes(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

/**
 * UTF-8 byte order is code point order. UTF-16 units agree with it except that surrogates
 * (D800-DFFF, i.e. code points above FFFF) must rank above E000-FFFF.
 */
function codePointRank(unit: number): number {
  if (unit < 0xd800) return unit;
  return unit <= 0xdfff ? unit + 0x2000 : unit - 0x800;
}
