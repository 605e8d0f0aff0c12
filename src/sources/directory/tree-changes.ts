// Applies the entries a watcher named to the last scan, so one edited file costs one stat rather
// than a walk of the whole tree. Anything structural (a directory or symlink appearing, vanishing
// or being replaced, an event from an unknown place) asks for a full scan instead.
import { promises as fs, type Stats } from "node:fs";
import { join } from "node:path";
import { scannedFile, type DirectoryScan, type ScannedFile } from "./directory-scan.js";
import { isHiddenName, isManifestName } from "./path-order.js";
import { errnoCode } from "../../util/errors.js";

export interface Tree {
  readonly files: ReadonlyMap<string, ScannedFile>;
  /** Real path of each walked directory → its path relative to the root. */
  readonly walkedDirs: ReadonlyMap<string, string>;
  readonly dirRels: ReadonlySet<string>;
}

/** Entry names reported per watched directory (real path). */
export type Changes = ReadonlyMap<string, ReadonlySet<string>>;

export interface TreeUpdate {
  readonly tree: Tree;
  /** Files (by relative path) whose content may have changed. */
  readonly changed: readonly string[];
  readonly removed: readonly string[];
}

export function treeOf(scan: DirectoryScan): Tree {
  return {
    files: new Map(scan.files.map((f) => [f.rel, f])),
    walkedDirs: scan.walkedDirs,
    dirRels: new Set(scan.walkedDirs.values()),
  };
}

type Verdict =
  | { readonly kind: "full" | "ignore" }
  | { readonly kind: "gone"; readonly rel: string }
  | { readonly kind: "file"; readonly file: ScannedFile };

/** Undefined when only a full scan can tell what changed. */
export async function applyChanges(tree: Tree, changes: Changes): Promise<TreeUpdate | undefined> {
  const files = new Map(tree.files);
  const changed: string[] = [];
  const removed: string[] = [];
  for (const [realDir, names] of changes) {
    const relDir = tree.walkedDirs.get(realDir);
    if (relDir === undefined || !(await isDirectory(realDir))) return undefined;
    for (const name of names) {
      const verdict = await classify(tree, realDir, relDir, name);
      if (verdict.kind === "full") return undefined;
      if (verdict.kind === "gone") {
        files.delete(verdict.rel);
        removed.push(verdict.rel);
      } else if (verdict.kind === "file") {
        files.set(verdict.file.rel, verdict.file);
        changed.push(verdict.file.rel);
      }
    }
  }
  return { tree: { ...tree, files }, changed, removed };
}

async function classify(tree: Tree, realDir: string, relDir: string, name: string): Promise<Verdict> {
  const rel = relDir ? `${relDir}/${name}` : name;
  const abs = join(realDir, name);
  let stats: Stats;
  try {
    stats = await fs.lstat(abs);
  } catch (err) {
    if (errnoCode(err) !== "ENOENT" || tree.dirRels.has(rel)) return { kind: "full" };
    return tree.files.has(rel) ? { kind: "gone", rel } : { kind: "ignore" };
  }
  // Kubernetes swaps `..data` (a hidden symlink); editors' hidden swap files are plain files.
  if (stats.isSymbolicLink() || stats.isDirectory()) return { kind: "full" };
  if (isHiddenName(name)) return { kind: "ignore" };
  if (stats.isFile() && isManifestName(name)) return { kind: "file", file: scannedFile(rel, abs, stats) };
  return tree.files.has(rel) ? { kind: "full" } : { kind: "ignore" };
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await fs.stat(path)).isDirectory();
  } catch {
    return false;
  }
}
