// Byte order of UTF-8 paths: JavaScript's `<` compares UTF-16 units, which orders some
// non-ASCII names differently from `ls`/Go/Kubernetes; snapshots must be ordered the same everywhere.

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

export function toPosixPath(path: string): string {
  return path.split("\\").join("/");
}

const MANIFEST_NAME = /\.(?:ya?ml|json)$/i;

export function isManifestName(name: string): boolean {
  return MANIFEST_NAME.test(name);
}

/** Dot-files and dot-dirs are skipped: editor swap files, `.git`, Kubernetes' `..data` links. */
export function isHiddenName(name: string): boolean {
  return name.startsWith(".");
}
