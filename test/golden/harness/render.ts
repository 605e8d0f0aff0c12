// Runs the pure pipeline on a case's documents and renders the two golden texts.
import { compareDiagnostics, formatDiagnostic, type Diagnostic } from "../../../src/core/diagnostics.js";
import { printConfig } from "../../../src/envoy/print.js";
import type { EnvoyConfig } from "../../../src/envoy/types.js";
import { translateDocuments, type TranslateOptions } from "../../../src/pipeline/translate.js";
import type { LoadedInput } from "./load.js";

export interface Rendered {
  readonly config: EnvoyConfig;
  /** printConfig output: the text expected.json holds. */
  readonly json: string;
  /** One formatDiagnostic line per diagnostic, in compareDiagnostics order: diagnostics.txt. */
  readonly diagnostics: string;
  readonly diagnosticList: readonly Diagnostic[];
}

export function render(input: LoadedInput, opts: TranslateOptions): Rendered {
  const result = translateDocuments(input.documents, opts);
  const all = [...input.diagnostics, ...result.diagnostics].sort(compareDiagnostics);
  return {
    config: result.config,
    json: printConfig(result.config),
    diagnostics: all.map((d) => formatDiagnostic(d) + "\n").join(""),
    diagnosticList: all,
  };
}

/**
 * Resource diagnostics without any file:line (also inside messages that cite another resource),
 * sorted: what must survive re-splitting the input files. Source-stage diagnostics are about
 * the files themselves (e.g. broken YAML, which re-splitting cannot carry over), so they are left out.
 */
export function diagnosticsWithoutLocations(list: readonly Diagnostic[]): string[] {
  return list
    .filter((d) => d.stage !== "source")
    .map((d) => {
      const { location: _loc, ...rest } = d;
      const ref = d.ref ? { kind: d.ref.kind, namespace: d.ref.namespace, name: d.ref.name } : undefined;
      return formatDiagnostic({ ...rest, ...(ref ? { ref } : {}), message: d.message.replace(/ \([^()\s]+:\d+\)/g, "") });
    })
    .sort();
}
