// The pure pipeline: source documents -> resources -> IR -> Envoy config, with every stage's
// diagnostics collected in one stable order. `attache translate`, the golden tests and the
// running control plane all go through here.
import { compareDiagnostics, type Diagnostic } from "../resources/diagnostics.js";
import { buildResourceSet } from "../resources/index.js";
import { buildIR } from "../ir/build.js";
import { generateEnvoyConfig } from "../envoy/generate.js";
import type { EnvoyConfig } from "../envoy/types.js";
import type { SourceDocument } from "../sources/types.js";
import type { ResourceSet } from "../resources/types.js";
import { applyQuarantine, type Quarantine } from "./quarantine.js";

export interface TranslateOptions {
  readonly ambassadorId?: string;
  readonly defaultNamespace?: string;
  /** Port of the HTTP listener used when there are no Listener resources (default 8080). */
  readonly defaultListenerPort?: number;
  readonly listenerAddress?: string;
  /** Resources Envoy rejected, left out while their content is unchanged. */
  readonly quarantine?: Quarantine;
}

export interface TranslateResult {
  readonly config: EnvoyConfig;
  readonly diagnostics: readonly Diagnostic[];
  /** The validated resources the config was built from (after quarantine). */
  readonly resources: ResourceSet;
}

export function translateDocuments(docs: readonly SourceDocument[], opts: TranslateOptions = {}): TranslateResult {
  const validated = buildResourceSet(docs, {
    ambassadorId: opts.ambassadorId ?? "default",
    defaultNamespace: opts.defaultNamespace ?? "default",
  });
  const resources = opts.quarantine ? applyQuarantine(validated, opts.quarantine) : validated;
  const ir = buildIR(resources, {
    defaultListenerPort: opts.defaultListenerPort ?? 8080,
    listenerAddress: opts.listenerAddress ?? "0.0.0.0",
  });
  const diagnostics = [...resources.diagnostics, ...ir.diagnostics].sort(compareDiagnostics);
  return { config: generateEnvoyConfig(ir), diagnostics, resources };
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}
