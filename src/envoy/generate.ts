// IR -> EnvoyConfig: listeners, their RouteConfigurations, clusters and (for EDS clusters)
// ClusterLoadAssignments. Pure; names and order come from the IR, so output is byte-stable.
import type { IR, IRCluster, IRVirtualHost } from "../ir/types.js";
import type { ResourceRef } from "../core/diagnostics.js";
import { compareStrings } from "../util/compare.js";
import { clusterJson, loadAssignmentJson } from "./cluster.js";
import { listenerJson } from "./listener.js";
import { routeConfigJson, tlsRouteConfigJson } from "./route-config.js";
import { secretJson } from "./tls.js";
import type { EnvoyConfig, EnvoyResource, JsonObject } from "./types.js";

export function generateEnvoyConfig(ir: IR): EnvoyConfig {
  const byName = (a: EnvoyResource, b: EnvoyResource) => compareStrings(a.name, b.name);
  return {
    listeners: ir.listeners.map((l) => ({
      name: l.name,
      json: listenerJson(l, ir.settings),
      sources: uniqueRefs([...l.sources, ...ir.settings.sources]),
    })).sort(byName),
    routes: ir.listeners.flatMap((l) => [
      { name: l.routeConfigName, json: routeConfigJson(l), sources: routeSources(l.virtualHosts), refs: clustersOf(l.virtualHosts) },
      ...(l.tls ? [{ name: l.tls.routeConfigName, json: tlsRouteConfigJson(l) as JsonObject, sources: routeSources(l.tls.virtualHosts), refs: clustersOf(l.tls.virtualHosts) }] : []),
    ]).sort(byName),
    clusters: ir.clusters.map((c) => ({ name: c.name, json: clusterJson(c), sources: c.sources })),
    endpoints: ir.clusters.filter((c) => c.discovery === "EDS").map((c: IRCluster) => ({
      name: c.name,
      json: loadAssignmentJson(c.name, c.endpoints),
      sources: c.sources,
    })),
    secrets: ir.secrets.map((s) => ({ name: s.name, json: secretJson(s), sources: s.sources })),
  };
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
  const names = new Set(vhosts.flatMap((vh) => vh.routes.flatMap((r) => r.targets.map((t) => t.cluster))));
  return [...names].sort(compareStrings);
}

function uniqueRefs(refs: readonly ResourceRef[]): ResourceRef[] {
  const m = new Map<string, ResourceRef>();
  for (const r of refs) m.set(`${r.kind}/${r.namespace}/${r.name}`, r);
  return [...m.entries()].sort(([a], [b]) => compareStrings(a, b)).map(([, r]) => r);
}
