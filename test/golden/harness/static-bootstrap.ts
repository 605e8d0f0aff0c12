// Turns a printed golden config into a static Envoy bootstrap, so `envoy --mode validate` can
// judge it: RDS becomes an inline route_config and EDS clusters become STATIC clusters with
// their ClusterLoadAssignment. Nothing else changes, so what Envoy checks is what ADS serves.
import type { PrintedConfig } from "../../../src/envoy/print.js";
import type { JsonObject, JsonValue } from "../../../src/envoy/types.js";

export type { PrintedConfig };

export function staticBootstrap(config: PrintedConfig, layeredRuntime: JsonValue): JsonObject {
  const routes = byName(config.routes, "name");
  const endpoints = byName(config.endpoints, "clusterName");
  return {
    node: { id: "golden", cluster: "golden" },
    staticResources: {
      listeners: config.listeners.map((l) => inlineRoutes(withoutType(l), routes)),
      clusters: config.clusters.map((c) => staticCluster(withoutType(c), endpoints)),
      secrets: config.secrets.map(withoutType),
    },
    layeredRuntime,
  };
}

function byName(list: readonly JsonObject[], key: string): Map<string, JsonObject> {
  return new Map(list.map((r) => [String(r[key]), withoutType(r)]));
}

function withoutType(r: JsonObject): JsonObject {
  const { "@type": _type, ...rest } = r;
  return rest;
}

/** Replaces every `rds` block (at any depth, e.g. inside a typed_config) by its route config. */
function inlineRoutes(value: JsonObject, routes: ReadonlyMap<string, JsonObject>): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === "rds" && isObject(v)) {
      const name = String(v["routeConfigName"]);
      const rc = routes.get(name);
      if (!rc) throw new Error(`listener refers to RouteConfiguration ${name}, which the config does not contain`);
      out["routeConfig"] = rc;
    } else out[k] = mapJson(v, (o) => inlineRoutes(o, routes));
  }
  return out;
}

function staticCluster(c: JsonObject, endpoints: ReadonlyMap<string, JsonObject>): JsonObject {
  if (c["type"] !== "EDS") return c;
  const { edsClusterConfig: _eds, ...rest } = c;
  const cla = endpoints.get(String(c["name"]));
  if (!cla) throw new Error(`EDS cluster ${String(c["name"])} has no ClusterLoadAssignment in the config`);
  return { ...rest, type: "STATIC", loadAssignment: cla };
}

function mapJson(v: JsonValue, f: (o: JsonObject) => JsonObject): JsonValue {
  if (Array.isArray(v)) return v.map((x) => mapJson(x, f));
  return isObject(v) ? f(v) : v;
}

function isObject(v: JsonValue | undefined): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
