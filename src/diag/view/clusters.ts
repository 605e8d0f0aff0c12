// Clusters with their endpoints, and each endpoint's health as Envoy's admin API reports it
// (`/clusters?format=json`, the admin.v3.Clusters message).
import type { EnvoyConfig } from "../../envoy/types.js";
import type { IR } from "../../ir/types.js";
import { uniqueRefs } from "./refs.js";
import type { ClusterRow, EndpointView } from "./types.js";

/** host:port -> Envoy's health status, per cluster name. */
export type EndpointHealth = ReadonlyMap<string, ReadonlyMap<string, string>>;

export function clusterRows(ir: IR, config: EnvoyConfig, health: EndpointHealth | undefined): ClusterRow[] {
  const byName = new Map(ir.clusters.map((c) => [c.name, c]));
  return config.clusters.map((c) => {
    const irc = byName.get(c.name);
    const seen = health?.get(c.name);
    const known = irc?.discovery === "EDS" ? irc.endpoints.map((e) => `${e.address}:${e.port}`) : [];
    const addresses = [...new Set([...known, ...(seen?.keys() ?? [])])];
    const endpoints: EndpointView[] = addresses.map((a) => ({ address: a, health: seen?.get(a) ?? (health ? "not in Envoy" : "unknown") }));
    return {
      name: c.name,
      discovery: irc?.discovery ?? String(c.json.type ?? "EDS"),
      upstream: irc ? `${irc.tls ? "https" : "http"}://${irc.host}:${irc.port}` : "",
      sources: uniqueRefs(c.sources),
      endpoints,
    };
  });
}

/** Parses Envoy's `/clusters?format=json`; anything unexpected is skipped, never thrown. */
export function parseClusterHealth(body: string): EndpointHealth {
  const out = new Map<string, Map<string, string>>();
  const doc: unknown = JSON.parse(body);
  for (const cs of arrayAt(doc, "cluster_statuses")) {
    const name = stringAt(cs, "name");
    if (!name) continue;
    const hosts = new Map<string, string>();
    for (const hs of arrayAt(cs, "host_statuses")) {
      const sa = objectAt(objectAt(hs, "address"), "socket_address");
      const addr = stringAt(sa, "address");
      if (!addr) continue;
      hosts.set(`${addr}:${String(objectAt(sa, "port_value") ?? "")}`, healthOf(objectAt(hs, "health_status")));
    }
    out.set(name, hosts);
  }
  return out;
}

// Envoy reports flags for each failure kind and the EDS status; a host with no failure is as healthy as EDS says.
function healthOf(hs: unknown): string {
  if (!isObj(hs)) return "unknown";
  const failed = Object.entries(hs).filter(([k, v]) => k.startsWith("failed_") && v === true).map(([k]) => k.slice("failed_".length));
  if (failed.length) return `UNHEALTHY (${failed.join(", ")})`;
  return stringAt(hs, "eds_health_status") ?? "HEALTHY";
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
function objectAt(v: unknown, k: string): unknown {
  return isObj(v) ? v[k] : undefined;
}
function arrayAt(v: unknown, k: string): unknown[] {
  const a = objectAt(v, k);
  return Array.isArray(a) ? a : [];
}
function stringAt(v: unknown, k: string): string | undefined {
  const s = objectAt(v, k);
  return typeof s === "string" ? s : undefined;
}