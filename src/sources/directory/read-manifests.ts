// One-shot read of manifest files and/or directories (the CLI's PATH... arguments), no watching.
// Locations name files as the user gave them (`examples/quote.yaml`), so messages point at them.
import { promises as fs } from "node:fs";
import { posix } from "node:path";
import type { Diagnostic } from "../../core/diagnostics.js";
import type { SourceSnapshot } from "../../core/source-document.js";
import { errorText } from "../../util/errors.js";
import { scanDirectory } from "./directory-scan.js";
import { resolveLimits, type SourceLimits } from "./limits.js";
import { readManifestFile, type FileResult } from "./manifest-file.js";
import { sourceError } from "./manifest-parser.js";
import { mapLimit } from "../../util/map-limit.js";
import { toPosixPath } from "./path-order.js";
import { assembleContent, toSnapshot } from "./snapshot-assembly.js";

interface Target {
  readonly file: string;
  readonly abs: string;
  readonly size: number;
}

export async function readManifests(paths: readonly string[], limits?: Partial<SourceLimits>): Promise<SourceSnapshot> {
  const bounds = resolveLimits(limits);
  const diagnostics: Diagnostic[] = [];
  const targets = new Map<string, Target>();
  for (const path of paths) {
    for (const target of await expandPath(path, diagnostics)) targets.set(target.file, target);
  }
  const loaded = await mapLimit([...targets.values()], 32, (t) => readManifestFile(t.file, t.abs, t.size, bounds));
  const results = loaded.filter((r): r is FileResult => r !== undefined);
  return toSnapshot(assembleContent(results, diagnostics, bounds), 1);
}

/** A file names itself (whatever its extension); a directory its manifest files, recursively. */
async function expandPath(path: string, diagnostics: Diagnostic[]): Promise<Target[]> {
  const shown = posix.normalize(toPosixPath(path));
  try {
    const stats = await fs.stat(path);
    if (!stats.isDirectory()) return [{ file: shown, abs: path, size: stats.size }];
  } catch (err) {
    diagnostics.push(sourceError(shown, 1, `cannot read: ${errorText(err)}`));
    return [];
  }
  const scan = await scanDirectory(path);
  if (scan.rootError) diagnostics.push(sourceError(shown, 1, `cannot read directory: ${scan.rootError}`));
  diagnostics.push(...scan.diagnostics.map((d) => relocate(d, shown)));
  return scan.files.map((f) => ({ file: posix.join(shown, f.rel), abs: f.abs, size: f.size }));
}

function relocate(d: Diagnostic, dir: string): Diagnostic {
  return d.location ? { ...d, location: { ...d.location, file: posix.join(dir, d.location.file) } } : d;
}
