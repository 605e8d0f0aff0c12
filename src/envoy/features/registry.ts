// The features the Envoy stage builds with, and how their parts are placed: HTTP filters in
// the order of `HTTP_FILTER_ORDER`, listener filters in that of `LISTENER_FILTER_ORDER`,
// route and weighted-cluster fields in registry order, per-route filter config keyed by the
// filter's name, clusters after the IR's. Pure: the builders pass the set in, and tests can
// build their own.
import type { AnyJson } from "@bufbuild/protobuf/wkt";
import type { ClusterJson } from "#gen/envoy/config/cluster/v3/cluster_pb.js";
import type { ListenerFilterJson } from "#gen/envoy/config/listener/v3/listener_components_pb.js";
import { FilterConfigSchema } from "#gen/envoy/config/route/v3/route_components_pb.js";
import type { HttpFilterJson } from "#gen/envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager_pb.js";
import type { Diagnostic } from "../../core/diagnostics.js";
import { compareStrings } from "../../util/compare.js";
import type { IR, IRCluster, IRGlobalSettings, IRListener, IRRoute, IRRouteTarget } from "../../ir/types.js";
import type { EnvoyResource } from "../types.js";
import { typed } from "../values.js";
import type { ActionFields, ClusterFields, ConnectionManagerFields, Feature, FilterOnRoute, HttpFilterPart, ListenerFilterPart, RouteFields, TargetFields } from "./feature.js";
import { accessLog } from "./access-log.js";
import { headerMutations } from "./header-mutations.js";
import { httpFilterPosition, listenerFilterPosition } from "./order.js";
import { proxyProtocol } from "./proxy-protocol.js";
import { router } from "./router.js";
import { tlsInspector } from "./tls-inspector.js";
import { tracing } from "./tracing.js";
import { cors } from "./cors.js";
import { compressor } from "./compressor.js";
import { grpcWeb } from "./grpc-web.js";
import { lua } from "./lua.js";
import { buffer } from "./buffer.js";
import { retryPolicy } from "./retry-policy.js";
import { mirror } from "./mirror.js";
import { loadBalancer } from "./load-balancer.js";
import { routeOptions } from "./route-options.js";
import { circuitBreakers } from "./circuit-breakers.js";
import { keepalive } from "./keepalive.js";
import { healthChecks } from "./health-checks.js";
import { upstreamHttp } from "./upstream-http.js";
import { clusterDnsStats } from "./cluster-dns-stats.js";

/** Every feature attache builds, in the order their route and cluster fields are written. */
export const FEATURES: readonly Feature[] = [
  router, proxyProtocol, tlsInspector, headerMutations, retryPolicy, mirror, loadBalancer, routeOptions,
  circuitBreakers, keepalive, healthChecks, upstreamHttp, clusterDnsStats, cors, compressor,
  grpcWeb, lua, buffer, accessLog, tracing,
];

/** A registry's features, with their parts sorted into place once. */
export interface FeatureSet {
  readonly features: readonly Feature[];
  readonly httpFilters: readonly HttpFilterPart[];
  readonly listenerFilters: readonly ListenerFilterPart[];
  readonly perRoute: readonly HttpFilterPart[];
}

export function featureSet(features: readonly Feature[]): FeatureSet {
  const names = new Set<string>();
  for (const f of features) {
    if (names.has(f.name)) throw new Error(`feature ${f.name} is registered twice`);
    names.add(f.name);
  }
  const httpFilters = features.flatMap((f) => (f.httpFilter ? [f.httpFilter] : []))
    .sort((a, b) => httpFilterPosition(a.slot) - httpFilterPosition(b.slot));
  const listenerFilters = features.flatMap((f) => (f.listenerFilter ? [f.listenerFilter] : []))
    .sort((a, b) => listenerFilterPosition(a.slot) - listenerFilterPosition(b.slot));
  assertOneFilterPerSlot([...httpFilters, ...listenerFilters]);
  return { features, httpFilters, listenerFilters, perRoute: httpFilters.filter((p) => p.onRoute) };
}

export const DEFAULT_FEATURES: FeatureSet = featureSet(FEATURES);

function assertOneFilterPerSlot(parts: readonly { readonly slot: string; readonly name: string }[]): void {
  const seen = new Map<string, string>();
  for (const p of parts) {
    const other = seen.get(p.slot);
    if (other !== undefined) throw new Error(`filters ${other} and ${p.name} both claim slot ${p.slot}`);
    seen.set(p.slot, p.name);
  }
}

/** The connection manager's HTTP filters for a listener, in filter order. */
export function httpFilters(set: FeatureSet, l: IRListener, settings: IRGlobalSettings): HttpFilterJson[] {
  const out: HttpFilterJson[] = [];
  for (const part of set.httpFilters) {
    const on = part.onListener(l, settings);
    if (!on) continue;
    out.push(on.disabled ? { name: part.name, typedConfig: on.config, disabled: true } : { name: part.name, typedConfig: on.config });
  }
  return out;
}

/** Clusters the listener's HTTP filters name, sorted (the listener's `refs`). */
export function filterClusterRefs(set: FeatureSet, l: IRListener, settings: IRGlobalSettings): string[] {
  const names = new Set<string>();
  for (const part of set.httpFilters) for (const c of part.onListener(l, settings)?.clusters ?? []) names.add(c);
  for (const f of set.features) for (const c of f.connectionManager?.onListener(l, settings)?.clusters ?? []) names.add(c);
  return [...names].sort(compareStrings);
}

/** What the features set on a listener's connection manager, in registry order. */
export function connectionManagerFields(set: FeatureSet, l: IRListener, settings: IRGlobalSettings): ConnectionManagerFields {
  const out: ConnectionManagerFields = {};
  for (const f of set.features) {
    const on = f.connectionManager?.onListener(l, settings);
    if (on) Object.assign(out, on.fields);
  }
  return out;
}

/** The listener's listener filters in order; undefined when there are none. */
export function listenerFilters(set: FeatureSet, l: IRListener): ListenerFilterJson[] | undefined {
  const out: ListenerFilterJson[] = [];
  for (const part of set.listenerFilters) {
    const config = part.onListener(l);
    if (config) out.push({ name: part.name, typedConfig: config });
  }
  return out.length ? out : undefined;
}

export type RoutePart = RouteFields & { typedPerFilterConfig?: { [filter: string]: AnyJson } };

/** What the features add to a Route: their fields, then the per-route filter config. */
export function routeFields(set: FeatureSet, r: IRRoute): RoutePart {
  const out: RoutePart = {};
  for (const f of set.features) if (f.route) Object.assign(out, f.route(r));
  const perFilter = perFilterConfig(set, r);
  if (perFilter) out.typedPerFilterConfig = perFilter;
  return out;
}

/** What the features add to a forwarding route's action. */
export function actionFields(set: FeatureSet, r: IRRoute): ActionFields {
  const out: ActionFields = {};
  for (const f of set.features) if (f.action) Object.assign(out, f.action(r));
  return out;
}

/** What the features add to an IR cluster. */
export function clusterFields(set: FeatureSet, c: IRCluster): ClusterFields {
  const out: ClusterFields = {};
  for (const f of set.features) if (f.cluster) Object.assign(out, f.cluster(c));
  return out;
}

/** What the features add to one weighted cluster. */
export function targetFields(set: FeatureSet, t: IRRouteTarget): TargetFields {
  const out: TargetFields = {};
  for (const f of set.features) if (f.target) Object.assign(out, f.target(t));
  return out;
}

function perFilterConfig(set: FeatureSet, r: IRRoute): { [filter: string]: AnyJson } | undefined {
  let out: { [filter: string]: AnyJson } | undefined;
  for (const part of set.perRoute) {
    const on = part.onRoute?.(r);
    if (on) (out ??= {})[part.name] = perRouteAny(on);
  }
  return out;
}

// "Disabled here" is Envoy's generic per-route FilterConfig, understood by every HTTP filter.
function perRouteAny(on: FilterOnRoute): AnyJson {
  return "disabled" in on ? typed(FilterConfigSchema, { disabled: true }) : on.config;
}

/** The features' own clusters, in registry order. */
export function featureClusters(set: FeatureSet, ir: IR): EnvoyResource<ClusterJson>[] {
  return set.features.flatMap((f) => (f.clusters ? [...f.clusters(ir)] : []));
}

export function featureDiagnostics(set: FeatureSet, ir: IR): Diagnostic[] {
  return set.features.flatMap((f) => (f.diagnostics ? [...f.diagnostics(ir)] : []));
}
