// Byte order of UTF-8 paths: JavaScript's `<` compares UTF-16 units, which orders some
// non-ASCII names differently from `ls`/Go/Kubernetes; snapshots must be ordered the same everywhere.

export function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
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
