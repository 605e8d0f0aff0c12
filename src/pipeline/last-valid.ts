// What the running control plane remembers between translations so that ordinary edits never
// make a live route vanish: a resource whose new version is rejected keeps serving its last
// valid version (with a warning saying so) until it is fixed or deleted, and the file each
// resource was served from, so a duplicate-named newcomer cannot take its name over.
// `attache translate` and the golden tests never use this: their output depends on the input only.
import { refKey, type Diagnostic, type ResourceRef } from "../core/diagnostics.js";
import { compareRefs } from "../resources/duplicates.js";
import type { EndpointSlice, Host, Listener, Mapping, Module, Resolver, Resource, ResourceSet, Secret, Service, TLSContext } from "../resources/types.js";

export class LastValid {
  private kept = new Map<string, Resource>();

  /** By ref key, the file each resource was last served from. */
  incumbents(): ReadonlyMap<string, string> {
    const out = new Map<string, string>();
    for (const [k, r] of this.kept) if (r.meta.ref.location) out.set(k, r.meta.ref.location.file);
    return out;
  }

  /** `rs` with the last valid version of each resource whose current version was rejected. */
  apply(rs: ResourceSet): ResourceSet {
    const present = new Set(allOf(rs).map((r) => refKey(r.meta.ref)));
    const rejected = rejectedRefs(rs.diagnostics);
    const restored: Resource[] = [];
    for (const [key, ref] of rejected) {
      const last = this.kept.get(key);
      if (last && !present.has(key)) restored.push(last);
      else if (!last) rejected.delete(key);
    }
    const out = restored.length === 0 ? rs : withRestored(rs, restored);
    this.kept = new Map(allOf(out).map((r) => [refKey(r.meta.ref), r]));
    return out;
  }
}

function allOf(rs: ResourceSet): Resource[] {
  return [
    ...rs.mappings, ...rs.hosts, ...rs.listeners, ...rs.services, ...(rs.endpointSlices ?? []), ...(rs.resolvers ?? []),
    ...(rs.secrets ?? []), ...(rs.tlsContexts ?? []), ...(rs.module ? [rs.module] : []),
  ];
}

/** Resources that exist in the source but whose current version the resources stage refused. */
function rejectedRefs(diagnostics: readonly Diagnostic[]): Map<string, ResourceRef> {
  const out = new Map<string, ResourceRef>();
  for (const d of diagnostics) if (d.severity === "error" && d.stage === "resources" && d.ref) out.set(refKey(d.ref), d.ref);
  return out;
}

function withRestored(rs: ResourceSet, restored: readonly Resource[]): ResourceSet {
  const merged = <R extends Resource>(current: readonly R[], isKind: (r: Resource) => r is R): R[] =>
    [...current, ...restored.filter(isKind)].sort((a, b) => compareRefs(a.meta.ref, b.meta.ref));
  const module = restored.find((r): r is Module => r.kind === "Module") ?? rs.module;
  return {
    ...rs,
    mappings: merged(rs.mappings, (r): r is Mapping => r.kind === "Mapping"),
    hosts: merged(rs.hosts, (r): r is Host => r.kind === "Host"),
    listeners: merged(rs.listeners, (r): r is Listener => r.kind === "Listener"),
    services: merged(rs.services, (r): r is Service => r.kind === "Service"),
    endpointSlices: merged(rs.endpointSlices ?? [], (r): r is EndpointSlice => r.kind === "EndpointSlice"),
    resolvers: merged(rs.resolvers ?? [], (r): r is Resolver => r.kind.endsWith("Resolver")),
    secrets: merged(rs.secrets ?? [], (r): r is Secret => r.kind === "Secret"),
    tlsContexts: merged(rs.tlsContexts ?? [], (r): r is TLSContext => r.kind === "TLSContext"),
    ...(module ? { module } : {}),
    diagnostics: [...rs.diagnostics, ...restored.map(keptWarning)],
  };
}

function keptWarning(r: Resource): Diagnostic {
  return {
    severity: "warning",
    stage: "resources",
    ref: r.meta.ref,
    message: "this version is rejected (see the errors above); the last valid version keeps serving until it is fixed or deleted",
  };
}
