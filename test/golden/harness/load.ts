// Reads a case's input manifests into source documents whose locations are relative to the
// case directory, so diagnostics.txt does not depend on where the repository is checked out.
// Interim: parses with js-yaml here until the sources stage's readManifests lands.
import { readFileSync } from "node:fs";
import { relative, sep } from "node:path";
import yaml from "js-yaml";
import type { Diagnostic } from "../../../src/resources/diagnostics.js";
import type { SourceDocument } from "../../../src/sources/types.js";

export interface LoadedInput {
  readonly documents: readonly SourceDocument[];
  readonly diagnostics: readonly Diagnostic[];
}

export async function loadInput(files: readonly string[], baseDir: string): Promise<LoadedInput> {
  const documents: SourceDocument[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const path of files) {
    const file = relative(baseDir, path).split(sep).join("/");
    for (const chunk of splitDocuments(readFileSync(path, "utf8"))) {
      try {
        const value = yaml.load(chunk.text);
        if (value !== undefined && value !== null) documents.push({ value, location: { file, line: chunk.line }, text: chunk.text });
      } catch (err) {
        diagnostics.push({ severity: "error", stage: "source", location: { file, line: chunk.line }, message: `invalid YAML: ${(err as Error).message.split("\n")[0]}` });
      }
    }
  }
  return { documents, diagnostics };
}

/** Splits on `---` lines; each chunk's line is its first line with content. */
function splitDocuments(text: string): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  let current: string[] = [];
  let first = 0;
  const flush = (): void => {
    if (first > 0) out.push({ text: current.join("\n") + "\n", line: first });
    current = [];
    first = 0;
  };
  text.split("\n").forEach((line, i) => {
    if (/^---(\s|$)/.test(line)) return flush();
    current.push(line);
    if (first === 0 && line.trim() !== "" && !line.trimStart().startsWith("#")) first = i + 1;
  });
  flush();
  return out;
}
