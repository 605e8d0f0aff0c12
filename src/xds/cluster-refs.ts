// Which clusters a listener or route configuration sends traffic to, read from its proto3 JSON.
// Used only when the generator did not list them (`EnvoyResource.refs`). Over-inclusion is
// harmless (a cluster is kept a little longer); missing one would let it be removed while a
// route still points at it, so every field of the Envoy API that names a cluster is covered.
import type { JsonValue } from "../envoy/types.js";

/** Keys whose string value is a cluster name, in both proto3 JSON spellings. */
const CLUSTER_NAME_KEYS = new Set([
  "cluster", // RouteAction, TcpProxy, RequestMirrorPolicy, HttpUri
  "clusterName", "cluster_name", // GrpcService.EnvoyGrpc
  "collectorCluster", "collector_cluster", // tracers
]);
const WEIGHTED_KEYS = new Set(["weightedClusters", "weighted_clusters"]);

/** Sorted, de-duplicated cluster names referenced anywhere in `json`. */
export function clusterRefs(json: JsonValue): string[] {
  const out = new Set<string>();
  collect(json, out);
  return [...out].sort();
}

function collect(v: JsonValue, out: Set<string>): void {
  if (Array.isArray(v)) {
    for (const item of v) collect(item, out);
    return;
  }
  if (v === null || typeof v !== "object") return;
  for (const [key, child] of Object.entries(v)) {
    if (CLUSTER_NAME_KEYS.has(key) && typeof child === "string" && child !== "") out.add(child);
    else if (WEIGHTED_KEYS.has(key)) collectWeighted(child, out);
    else collect(child, out);
  }
}

function collectWeighted(v: JsonValue, out: Set<string>): void {
  if (v === null || typeof v !== "object" || Array.isArray(v)) return;
  const clusters = v["clusters"];
  if (!Array.isArray(clusters)) return;
  for (const c of clusters) {
    if (c !== null && typeof c === "object" && !Array.isArray(c) && typeof c["name"] === "string") out.add(c["name"]);
  }
}
