// IR -> EnvoyConfig: listeners, their RouteConfigurations, clusters and (for EDS clusters)
// ClusterLoadAssignments. Pure; names and order come from the IR, so output is byte-stable.
import type { ClusterJson } from "#gen/envoy/config/cluster/v3/cluster_pb.js";
import type { IR, IRCluster, IRVirtualHost } from "../ir/types.js";
import type { Diagnostic, ResourceRef } from "../core/diagnostics.js";
import { compareStrings } from "../util/compare.js";
import { clusterJson, clusterSecrets, loadAssignmentJson } from "./cluster.js";
import { DEFAULT_FEATURES, featureClusters, featureDiagnostics, filterClusterRefs, type FeatureSet } from "./features/registry.js";
import { listenerJson, listenerSecrets } from "./listener.js";
import { routeConfigJson, tlsRouteConfigJson } from "./route-config.js";
import { secretJson } from "./tls.js";
import type { EnvoyConfig, EnvoyResource } from "./types.js";

const byName = (a: EnvoyResource<unknown>, b: EnvoyResource<unknown>) => compareStrings(a.name, b.name);

export function generateEnvoyConfig(ir: IR, features: FeatureSet = DEFAULT_FEATURES): EnvoyConfig {
  return {
    listeners: ir.listeners.map((l) => {
      const refs = filterClusterRefs(features, l, ir.settings);
      const secretRefs = listenerSecrets(l);
      return {
        name: l.name,
        json: listenerJson(l, ir.settings, features),
        sources: uniqueRefs([...l.sources, ...ir.settings.sources]),
        ...(refs.length ? { refs } : {}),
        ...(secretRefs.length ? { secretRefs } : {}),
      };
    }).sort(byName),
    routes: ir.listeners.flatMap((l) => [
      { name: l.routeConfigName, json: routeConfigJson(l), sources: routeSources(l.virtualHosts), refs: clustersOf(l.virtualHosts) },
      ...(l.tls ? [{ name: l.tls.routeConfigName, json: tlsRouteConfigJson({ ...l, tls: l.tls }), sources: routeSources(l.tls.virtualHosts), refs: clustersOf(l.tls.virtualHosts) }] : []),
    ]).sort(byName),
    clusters: withFeatureClusters(ir.clusters.map((c) => {
      const secretRefs = clusterSecrets(c);
      return { name: c.name, json: clusterJson(c, features), sources: c.sources, ...(secretRefs.length ? { secretRefs } : {}) };
    }), featureClusters(features, ir)),
    endpoints: ir.clusters.filter((c) => c.discovery === "EDS").map((c: IRCluster) => ({
      name: c.name,
      json: loadAssignmentJson(c.name, c.endpoints),
      sources: c.sources,
    })),
    secrets: ir.secrets.map((s) => ({ name: s.name, json: secretJson(s), sources: s.sources })),
  };
}

/** What the features find wrong as the Envoy stage sees it (the pipeline adds these to the rest). */
export function envoyDiagnostics(ir: IR, features: FeatureSet = DEFAULT_FEATURES): Diagnostic[] {
  return featureDiagnostics(features, ir);
}

// The IR's clusters keep their order when no feature adds any (the common case).
function withFeatureClusters(base: EnvoyResource<ClusterJson>[], extra: readonly EnvoyResource<ClusterJson>[]): EnvoyResource<ClusterJson>[] {
  return extra.length ? [...base, ...extra].sort(byName) : base;
}

// In route order, each resource once. Refs of one resource are one object throughout a build,
// so identity dedupes them without building keys (10,000 routes per change add up).
function routeSources(vhosts: readonly IRVirtualHost[]): ResourceRef[] {
  const seen = new Set<ResourceRef>();
  const out: ResourceRef[] = [];
  const add = (r: ResourceRef) => {
    if (seen.has(r)) return;
    seen.add(r);
    out.push(r);
  };
  for (const vh of vhosts) {
    vh.sources.forEach(add);
    for (const r of vh.routes) r.sources.forEach(add);
  }
  return out;
}

function clustersOf(vhosts: readonly IRVirtualHost[]): string[] {
  // Mirrors name clusters too: they must arrive before the routes that copy traffic to them.
  const names = new Set(vhosts.flatMap((vh) => vh.routes.flatMap((r) => [...r.targets.map((t) => t.cluster), ...(r.mirrors ?? []).map((m) => m.cluster)])));
  return [...names].sort(compareStrings);
}

function uniqueRefs(refs: readonly ResourceRef[]): ResourceRef[] {
  const m = new Map<string, ResourceRef>();
  for (const r of refs) m.set(`${r.kind}/${r.namespace}/${r.name}`, r);
  return [...m.entries()].sort(([a], [b]) => compareStrings(a, b)).map(([, r]) => r);
}
