// Test helpers: turn YAML text into SourceDocuments the way a source does (one per `---`
// document, with the 1-based line of its first content line), then run the stage.
import { CORE_SCHEMA, load } from "js-yaml";
import { formatDiagnostic, type Diagnostic } from "../../../src/core/diagnostics.js";
import { buildResourceSet } from "../../../src/resources/index.js";
import type { ResourceOptions, ResourceSet } from "../../../src/resources/types.js";
import type { SourceDocument } from "../../../src/core/source-document.js";

export const OPTS: ResourceOptions = { ambassadorId: "default", defaultNamespace: "default" };

export function docsOf(text: string, file = "test.yaml"): SourceDocument[] {
  const lines = text.split("\n");
  const docs: SourceDocument[] = [];
  let start = 0;
  const flush = (end: number): void => {
    const chunk = lines.slice(start, end);
    const first = chunk.findIndex((l) => l.trim() !== "" && !l.trim().startsWith("#"));
    if (first >= 0) {
      const body = chunk.join("\n");
      docs.push({ value: load(body, { schema: CORE_SCHEMA }), location: { file, line: start + first + 1 }, text: body });
    }
  };
  lines.forEach((l, i) => {
    if (l.startsWith("---")) {
      flush(i);
      start = i + 1;
    }
  });
  flush(lines.length);
  return docs;
}

export function build(text: string, opts: Partial<ResourceOptions> = {}): ResourceSet {
  return buildResourceSet(docsOf(text), { ...OPTS, ...opts });
}

export function lines(ds: readonly Diagnostic[]): string[] {
  return ds.map(formatDiagnostic);
}

export function errors(rs: ResourceSet): Diagnostic[] {
  return rs.diagnostics.filter((d) => d.severity === "error");
}

/** Wraps spec lines (already indented by two) into a Mapping document. */
export function mapping(name: string, specLines: string): string {
  return `apiVersion: getambassador.io/v3alpha1\nkind: Mapping\nmetadata:\n  name: ${name}\nspec:\n${specLines}`;
}
