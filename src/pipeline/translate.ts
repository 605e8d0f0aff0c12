// The pipeline: source documents -> resources -> IR -> Envoy config, with every stage's
// diagnostics collected in one stable order. `attache translate`, the golden tests and the
// running control plane all go through here. A long-lived Translator carries work over between
// translations (incremental); `translateDocuments` is the full rebuild, and both give the
// same output.
import { compareDiagnostics, type Diagnostic } from "../core/diagnostics.js";
import { buildResourceSet, ResourceMemo } from "../resources/index.js";
import type { ResourceSet } from "../resources/types.js";
import { buildIR } from "../ir/build.js";
import { IRMemo } from "../ir/memo.js";
import { envoyDiagnostics, generateEnvoyConfig } from "../envoy/generate.js";
import type { EnvoyConfig } from "../envoy/types.js";
import type { IRGlobalSettings } from "../ir/types.js";
import type { SourceDocument } from "../core/source-document.js";
import { applyQuarantine, type Quarantine } from "./quarantine.js";
import { LastValid } from "./last-valid.js";

export interface TranslateOptions {
  readonly ambassadorId?: string;
  readonly defaultNamespace?: string;
  /** Port of the HTTP listener used when there are no Listener resources (default 8080). */
  readonly defaultListenerPort?: number;
  /** Port of the HTTPS listener added when there are no Listener resources and some Host has TLS (default 8443). */
  readonly defaultTlsListenerPort?: number;
  readonly listenerAddress?: string;
  /**
   * The running control plane's memory (see last-valid.ts): a rejected new version leaves the
   * last valid one serving, and a duplicate-named newcomer does not take over. Off by default,
   * so that one-shot translations depend on their input only.
   */
  readonly keepLastValid?: boolean;
}

export interface TranslateResult {
  readonly config: EnvoyConfig;
  readonly diagnostics: readonly Diagnostic[];
  /** The validated resources the config was built from (after quarantine). */
  readonly resources: ResourceSet;
  /**
   * The `ambassador` Module's settings (defaults applied), derived once by the IR: the running
   * control plane takes Envoy's RE2 limit from here rather than deriving it again.
   */
  readonly settings: IRGlobalSettings;
}

export class Translator {
  private readonly resourceMemo = new ResourceMemo();
  private readonly irMemo = new IRMemo();
  private readonly lastValid: LastValid | undefined;

  constructor(private readonly opts: TranslateOptions = {}) {
    this.lastValid = opts.keepLastValid ? new LastValid() : undefined;
  }

  /** `quarantine`: resources Envoy rejected, left out while their content is unchanged. */
  translate(docs: readonly SourceDocument[], quarantine?: Quarantine): TranslateResult {
    const built = buildResourceSet(docs, {
      ambassadorId: this.opts.ambassadorId ?? "default",
      defaultNamespace: this.opts.defaultNamespace ?? "default",
      ...(this.lastValid ? { incumbents: this.lastValid.incumbents() } : {}),
    }, this.resourceMemo);
    const validated = this.lastValid ? this.lastValid.apply(built) : built;
    const resources = quarantine ? applyQuarantine(validated, quarantine) : validated;
    const ir = buildIR(resources, {
      defaultListenerPort: this.opts.defaultListenerPort ?? 8080,
      defaultTlsListenerPort: this.opts.defaultTlsListenerPort ?? 8443,
      listenerAddress: this.opts.listenerAddress ?? "0.0.0.0",
    }, this.irMemo);
    const diagnostics = [...resources.diagnostics, ...ir.diagnostics, ...envoyDiagnostics(ir)].sort(compareDiagnostics);
    return { config: generateEnvoyConfig(ir), diagnostics, resources, settings: ir.settings };
  }
}

export function translateDocuments(docs: readonly SourceDocument[], opts: TranslateOptions = {}): TranslateResult {
  return new Translator(opts).translate(docs);
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}
