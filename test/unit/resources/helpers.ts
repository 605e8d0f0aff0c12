// Test helpers: turn YAML text into SourceDocuments with the sources stage's own parser (as a
// source does), then run the stage.
import { formatDiagnostic, type Diagnostic } from "../../../src/core/diagnostics.js";
import { buildResourceSet } from "../../../src/resources/index.js";
import type { ResourceOptions, ResourceSet } from "../../../src/resources/types.js";
import type { SourceDocument } from "../../../src/core/source-document.js";
import { parseManifestText } from "../../../src/sources/index.js";

export const OPTS: ResourceOptions = { ambassadorId: "default", defaultNamespace: "default" };

export function docsOf(text: string, file = "test.yaml"): SourceDocument[] {
  // The source's depth limit is lifted: these tests exercise the resources stage's own guard
  // (objects from the Kubernetes API reach it without passing a YAML parser).
  const parsed = parseManifestText(file, text, { maxDepth: 1_000 });
  if (parsed.diagnostics.length) throw new Error(`test YAML does not parse: ${lines(parsed.diagnostics).join("; ")}`);
  return parsed.documents;
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
