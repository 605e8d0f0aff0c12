// Reads a case's input manifests into source documents whose locations are relative to the
// case directory, so diagnostics.txt does not depend on where the repository is checked out.
import { readFileSync } from "node:fs";
import { relative, sep } from "node:path";
import type { Diagnostic } from "../../../src/resources/diagnostics.js";
import { parseManifestText } from "../../../src/sources/manifest-parser.js";
import type { SourceDocument } from "../../../src/sources/types.js";

export interface LoadedInput {
  readonly documents: readonly SourceDocument[];
  readonly diagnostics: readonly Diagnostic[];
}

export async function loadInput(files: readonly string[], baseDir: string): Promise<LoadedInput> {
  const documents: SourceDocument[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const path of [...files].sort()) {
    const parsed = parseManifestText(relative(baseDir, path).split(sep).join("/"), readFileSync(path, "utf8"));
    documents.push(...parsed.documents);
    diagnostics.push(...parsed.diagnostics);
  }
  return { documents, diagnostics };
}
