// What the running control plane remembers between translations so that ordinary edits never
// make a live route vanish: a resource whose new version is rejected keeps serving its last
// valid version (with a warning saying so) until it is fixed or deleted, and the file each
// resource was served from, so a duplicate-named newcomer cannot take its name over.
// `attache translate` and the golden tests never use this: their output depends on the input only.
import { refKey, type Diagnostic, type ResourceRef } from "../core/diagnostics.js";
import { compareRefs } from "../resources/duplicates.js";
import type { Resource, ResourceSet } from "../resources/types.js";

type Lists = "mappings" | "hosts" | "listeners" | "services" | "endpointSlices" | "resolvers";
const LIST_OF: Readonly<Record<string, Lists | "module">> = {
  Mapping: "mappings", Host: "hosts", Listener: "listeners", Service: "services", EndpointSlice: "endpointSlices",
  KubernetesServiceResolver: "resolvers", KubernetesEndpointResolver: "resolvers", ConsulResolver: "resolvers", Module: "module",
};

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
  return [...rs.mappings, ...rs.hosts, ...rs.listeners, ...rs.services, ...(rs.endpointSlices ?? []), ...(rs.resolvers ?? []), ...(rs.module ? [rs.module] : [])];
}

/** Resources that exist in the source but whose current version the resources stage refused. */
function rejectedRefs(diagnostics: readonly Diagnostic[]): Map<string, ResourceRef> {
  const out = new Map<string, ResourceRef>();
  for (const d of diagnostics) if (d.severity === "error" && d.stage === "resources" && d.ref) out.set(refKey(d.ref), d.ref);
  return out;
}

function withRestored(rs: ResourceSet, restored: readonly Resource[]): ResourceSet {
  const lists: Record<Lists, Resource[]> = {
    mappings: [...rs.mappings], hosts: [...rs.hosts], listeners: [...rs.listeners], services: [...rs.services],
    endpointSlices: [...(rs.endpointSlices ?? [])], resolvers: [...(rs.resolvers ?? [])],
  };
  let module = rs.module;
  const diagnostics: Diagnostic[] = [...rs.diagnostics];
  for (const r of restored) {
    const list = LIST_OF[r.kind];
    if (list === "module") module = r as NonNullable<ResourceSet["module"]>;
    else if (list) lists[list].push(r);
    diagnostics.push({
      severity: "warning",
      stage: "resources",
      ref: r.meta.ref,
      message: "this version is rejected (see the errors above); the last valid version keeps serving until it is fixed or deleted",
    });
  }
  const sorted = <T extends Resource>(l: Resource[]): T[] => (l as T[]).sort((a, b) => compareRefs(a.meta.ref, b.meta.ref));
  return {
    ...rs,
    mappings: sorted(lists.mappings), hosts: sorted(lists.hosts), listeners: sorted(lists.listeners), services: sorted(lists.services),
    endpointSlices: sorted(lists.endpointSlices), resolvers: sorted(lists.resolvers),
    ...(module ? { module } : {}),
    diagnostics,
  };
}
