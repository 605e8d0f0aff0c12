// Walks a directory tree for manifest files (following symlinks, never looping) and stats them.
// A full scan is the source's ground truth: at start, when directories change, and as a safety net.
import { promises as fs, type Stats } from "node:fs";
import { dirname, join, relative } from "node:path";
import type { Diagnostic } from "../../core/diagnostics.js";
import { compareBytes } from "../../util/compare.js";
import { isHiddenName, isManifestName, toPosixPath } from "./path-order.js";
import { errnoCode, errorText } from "../../util/errors.js";

export interface ScannedFile {
  /** Path relative to the scanned root, `/`-separated. */
  readonly rel: string;
  readonly abs: string;
  readonly size: number;
  readonly mtimeMs: number;
  readonly ctimeMs: number;
  readonly ino: number;
}

export interface DirectoryScan {
  /** Ordered by `rel` (byte order). */
  readonly files: ScannedFile[];
  /**
   * Every directory whose changes can change the result: real path → identity (device and inode),
   * since a directory removed and made again under the same name needs a new watch.
   */
  readonly watchDirs: ReadonlyMap<string, string>;
  /** Each walked directory's real path, with its path relative to the root ("" for the root). */
  readonly walkedDirs: ReadonlyMap<string, string>;
  readonly diagnostics: Diagnostic[];
  /** Set when the root itself could not be read. */
  readonly rootError?: string;
}

export async function scanDirectory(root: string): Promise<DirectoryScan> {
  const walk: Walk = { root, files: [], watchDirs: new Map(), visited: new Map(), diagnostics: [], linkedDirs: [] };
  let realRoot: string;
  try {
    realRoot = await fs.realpath(root);
    await visitDirectory(walk, root, realRoot);
    await visitLinkedDirectories(walk);
  } catch (err) {
    return { files: [], watchDirs: new Map(), walkedDirs: new Map(), diagnostics: [], rootError: errorText(err) };
  }
  walk.files.sort((a, b) => compareBytes(a.rel, b.rel));
  return { files: walk.files, watchDirs: walk.watchDirs, walkedDirs: walk.visited, diagnostics: walk.diagnostics };
}

interface Walk {
  readonly root: string;
  readonly files: ScannedFile[];
  readonly watchDirs: Map<string, string>;
  readonly visited: Map<string, string>;
  readonly diagnostics: Diagnostic[];
  /** Symlinked directories, walked after the real tree so a directory's name does not depend on timing. */
  readonly linkedDirs: Array<{ readonly path: string; readonly rel: string }>;
}

async function visitDirectory(walk: Walk, dir: string, realDir: string): Promise<void> {
  if (walk.visited.has(realDir)) return; // a symlink loop, or a directory reached twice
  walk.visited.set(realDir, toPosixPath(relative(walk.root, dir)));
  walk.watchDirs.set(realDir, identity(await fs.stat(realDir)));
  const entries = await fs.readdir(dir, { withFileTypes: true });
  await Promise.all(
    entries.filter((e) => !isHiddenName(e.name)).map((e) => visitEntry(walk, join(dir, e.name), e.isSymbolicLink())),
  );
}

async function visitEntry(walk: Walk, path: string, isLink: boolean): Promise<void> {
  const rel = toPosixPath(relative(walk.root, path));
  let stats: Stats;
  try {
    stats = await fs.stat(path);
  } catch (err) {
    if (isLink && isManifestName(path)) walk.diagnostics.push(warning(rel, `broken symbolic link: ${errorText(err)}`));
    return; // otherwise removed while scanning: the next scan sees the new state
  }
  if (stats.isDirectory() && isLink) walk.linkedDirs.push({ path, rel });
  else if (stats.isDirectory()) return visitSubdirectory(walk, path, rel);
  if (!stats.isFile() || !isManifestName(path)) return;
  if (isLink) await watchLinkTarget(walk, path);
  walk.files.push(scannedFile(rel, path, stats));
}

export function scannedFile(rel: string, abs: string, stats: Stats): ScannedFile {
  return { rel, abs, size: stats.size, mtimeMs: stats.mtimeMs, ctimeMs: stats.ctimeMs, ino: stats.ino };
}

/** In byte order of their names, one at a time: the first name to reach a directory keeps it. */
async function visitLinkedDirectories(walk: Walk): Promise<void> {
  while (walk.linkedDirs.length > 0) {
    const batch = walk.linkedDirs.splice(0).sort((a, b) => compareBytes(a.rel, b.rel));
    for (const link of batch) await visitSubdirectory(walk, link.path, link.rel);
  }
}

async function visitSubdirectory(walk: Walk, path: string, rel: string): Promise<void> {
  try {
    await visitDirectory(walk, path, await fs.realpath(path));
  } catch (err) {
    if (errnoCode(err) !== "ENOENT") walk.diagnostics.push(warning(rel, `cannot read directory: ${errorText(err)}`));
  }
}

/** A linked file can be edited where it really lives, outside the tree. */
async function watchLinkTarget(walk: Walk, path: string): Promise<void> {
  try {
    const target = dirname(await fs.realpath(path));
    walk.watchDirs.set(target, identity(await fs.stat(target)));
  } catch {
    // gone since the stat: the next scan decides
  }
}

/** Inodes are reused at once on ext4; the birth time (where the filesystem keeps one) tells them apart. */
function identity(stats: Stats): string {
  return `${stats.dev}:${stats.ino}:${stats.birthtimeMs}`;
}

function warning(file: string, message: string): Diagnostic {
  return { severity: "warning", stage: "source", location: { file, line: 1 }, message };
}
