// Reads a case's input manifests (through the sources stage's readManifests, as the CLI does)
// with locations made relative to the case directory, so diagnostics.txt does not depend on
// where the repository is checked out.
import { relative, sep } from "node:path";
import type { Diagnostic, SourceLocation } from "../../../src/core/diagnostics.js";
import { readManifests } from "../../../src/sources/index.js";
import type { SourceDocument } from "../../../src/core/source-document.js";

export interface LoadedInput {
  readonly documents: readonly SourceDocument[];
  readonly diagnostics: readonly Diagnostic[];
}

export async function loadInput(paths: readonly string[], baseDir: string): Promise<LoadedInput> {
  const snap = await readManifests(paths);
  const rel = (loc: SourceLocation): SourceLocation => ({ ...loc, file: relative(baseDir, loc.file).split(sep).join("/") });
  return {
    documents: snap.documents.map((d) => ({ ...d, location: rel(d.location) })),
    diagnostics: snap.diagnostics.map((d) => ({
      ...d,
      ...(d.location ? { location: rel(d.location) } : {}),
      ...(d.ref?.location ? { ref: { ...d.ref, location: rel(d.ref.location) } } : {}),
    })),
  };
}
