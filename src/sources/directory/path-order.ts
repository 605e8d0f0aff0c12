// Path names: which files are manifests, which are hidden, and POSIX form.

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
