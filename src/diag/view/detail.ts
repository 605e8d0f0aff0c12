// One resource's page: its source (redacted YAML), what it became in the IR and which Envoy
// resources (and routes inside route configurations) it produced.
import yaml from "js-yaml";
import { refKey, type Diagnostic, type ResourceRef } from "../../core/diagnostics.js";
import type { SourceDocument } from "../../core/source-document.js";
import type { EnvoyConfig, EnvoyResource } from "../../envoy/types.js";
import type { IR } from "../../ir/types.js";
import { redactSecrets } from "../redact.js";
import { documentRef } from "./resources.js";
import type { ResourceDetail, ResourceRow } from "./types.js";

export interface DetailInputs {
  readonly documents: readonly SourceDocument[];
  readonly defaultNamespace: string;
  readonly diagnostics: readonly Diagnostic[];
  readonly ir: IR | undefined;
  readonly config: EnvoyConfig | undefined;
}

// Secret data never leaves the process, not even redacted field by field.
const NO_SOURCE_KINDS = new Set(["Secret"]);

export function resourceDetail(row: ResourceRow, inputs: DetailInputs): ResourceDetail {
  const names = (refs: readonly ResourceRef[]) => refs.some((r) => refKey(r) === row.key);
  const keyOf = (d: SourceDocument) => {
    const ref = documentRef(d, inputs.defaultNamespace);
    return ref ? refKey(ref) : undefined;
  };
  const doc = NO_SOURCE_KINDS.has(row.kind) ? undefined : inputs.documents.find((d) => keyOf(d) === row.key);
  return {
    resource: row,
    diagnostics: inputs.diagnostics.filter((d) => d.ref && refKey(d.ref) === row.key),
    ...(doc ? { source: dumpYaml(shownSource(doc.value)) } : {}),
    ir: inputs.ir ? irOf(inputs.ir, names) : {},
    envoy: inputs.config ? envoyOf(inputs.config, names, inputs.ir) : [],
  };
}

const dumpYaml = (v: unknown) => yaml.dump(v, { lineWidth: -1, noRefs: true, sortKeys: false });
const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
const AMBASSADOR_CONFIG = "getambassador.io/config";

// An object as the page shows it: redacted, without the API server's bookkeeping. Annotations
// that carry whole objects as text would slip past field-by-field redaction: kubectl's copy is
// left out, and Ambassador's config annotation is parsed and redacted like any resource.
function shownSource(value: unknown): unknown {
  const shown = redactSecrets(value);
  if (!isRecord(shown) || !isRecord(shown.metadata)) return shown;
  const { managedFields: _managed, ...metadata } = shown.metadata;
  if (isRecord(metadata.annotations)) {
    const a = { ...metadata.annotations };
    if (LAST_APPLIED in a) a[LAST_APPLIED] = "[not shown: the copy kubectl keeps of the object]";
    if (typeof a[AMBASSADOR_CONFIG] === "string") a[AMBASSADOR_CONFIG] = redactedYaml(a[AMBASSADOR_CONFIG]);
    metadata.annotations = a;
  }
  return { ...shown, metadata };
}

function redactedYaml(text: string): string {
  try {
    return yaml.loadAll(text).map((d) => dumpYaml(redactSecrets(d))).join("---\n");
  } catch {
    return "[not shown: not valid YAML]";
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function irOf(ir: IR, names: (refs: readonly ResourceRef[]) => boolean): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = { listeners: [], virtualHosts: [], routes: [], clusters: [] };
  for (const l of ir.listeners) {
    if (names(l.sources)) out.listeners!.push({ name: l.name, bindAddress: l.bindAddress, port: l.port, securityModel: l.securityModel });
    for (const vh of l.virtualHosts) {
      if (names(vh.sources)) out.virtualHosts!.push({ listener: l.name, name: vh.name, hostname: vh.hostname, domains: vh.domains, insecureAction: vh.insecureAction });
      for (const r of vh.routes) if (names(r.sources)) out.routes!.push({ listener: l.name, virtualHost: vh.name, ...r });
    }
  }
  for (const c of ir.clusters) if (names(c.sources)) out.clusters!.push(c);
  if (names(ir.settings.sources)) out.settings = [ir.settings];
  return redactSecrets(out) as Record<string, unknown[]>; // cast: redaction keeps the shape
}

function envoyOf(config: EnvoyConfig, names: (refs: readonly ResourceRef[]) => boolean, ir: IR | undefined): ResourceDetail["envoy"] {
  const ownRoutes = new Set<string>();
  for (const l of ir?.listeners ?? []) for (const vh of l.virtualHosts) for (const r of vh.routes) if (names(r.sources)) ownRoutes.add(r.name);
  const list = (type: string, rs: readonly EnvoyResource[]) => rs.filter((r) => names(r.sources)).map((r) => ({ type, name: r.name }));
  const routes = config.routes.filter((r) => names(r.sources)).map((rc) => {
    const inside = (rc.json.virtualHosts ?? []).flatMap((vh) => (vh.routes ?? []).map((r) => r.name ?? "").filter((n) => ownRoutes.has(n)));
    return { type: "RouteConfiguration", name: rc.name, routes: [...new Set(inside)] };
  });
  return [
    ...list("Listener", config.listeners),
    ...routes,
    ...list("Cluster", config.clusters),
    ...list("ClusterLoadAssignment", config.endpoints),
    ...list("Secret", config.secrets),
  ];
}
