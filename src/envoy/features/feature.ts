// The one shape every HTTP feature takes in the Envoy stage (CORS, ext_authz, rate limits, Lua,
// header changes, ...): pure functions of the IR that each contribute a part of the config,
// which the registry (`registry.ts`) places. A feature never edits what another built, and
// where its filter sits in the chain is decided by the order table, not by the feature.
import type { AnyJson } from "@bufbuild/protobuf/wkt";
import type { ClusterJson } from "#gen/envoy/config/cluster/v3/cluster_pb.js";
import type { HttpConnectionManagerJson } from "#gen/envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager_pb.js";
import type { RouteActionJson, RouteJson, WeightedCluster_ClusterWeightJson } from "#gen/envoy/config/route/v3/route_components_pb.js";
import type { Diagnostic } from "../../core/diagnostics.js";
import type { IR, IRCluster, IRGlobalSettings, IRListener, IRRoute, IRRouteTarget } from "../../ir/types.js";
import type { EnvoyResource } from "../types.js";
import type { HttpFilterSlot, ListenerFilterSlot } from "./order.js";

/** A filter's configuration on one listener; undefined leaves the filter off that listener. */
export interface FilterOnListener {
  readonly config: AnyJson;
  /** Off unless a route turns it on (per-route config): for features most routes do not use. */
  readonly disabled?: boolean;
  /** Clusters the config names (an auth service): the listener's refs, kept while it runs. */
  readonly clusters?: readonly string[];
}

/** A route's own setting for a filter: its config there, or "disabled here". */
export type FilterOnRoute = { readonly disabled: true } | { readonly config: AnyJson };

export interface HttpFilterPart {
  /** Its place in `HTTP_FILTER_ORDER`. */
  readonly slot: HttpFilterSlot;
  /** Envoy's filter name; also the key of its per-route config. */
  readonly name: string;
  readonly onListener: (l: IRListener, settings: IRGlobalSettings) => FilterOnListener | undefined;
  /** Per-route config (`typed_per_filter_config`); undefined takes the listener's. */
  readonly onRoute?: (r: IRRoute) => FilterOnRoute | undefined;
}

export interface ListenerFilterPart {
  /** Its place in `LISTENER_FILTER_ORDER`. */
  readonly slot: ListenerFilterSlot;
  readonly name: string;
  readonly onListener: (l: IRListener) => AnyJson | undefined;
}

/** Connection-manager fields a feature may set (access logs, tracing): not its identity, routes or filters. */
export type ConnectionManagerFields = Omit<HttpConnectionManagerJson, "statPrefix" | "rds" | "routeConfig" | "scopedRoutes" | "httpFilters">;

export interface ConnectionManagerPart {
  /** Its fields on one listener's connection manager; undefined leaves them off. */
  readonly onListener: (l: IRListener, settings: IRGlobalSettings) => {
    readonly fields: ConnectionManagerFields;
    /** Clusters the fields name (a log or trace collector): the listener's refs. */
    readonly clusters?: readonly string[];
  } | undefined;
}

/** Route fields a feature may set: not the route's identity, match, action or per-filter map. */
export type RouteFields = Omit<RouteJson, "name" | "match" | "route" | "redirect" | "directResponse" | "typedPerFilterConfig">;

/** Weighted-cluster fields a feature may set: not its cluster, weight or per-filter map. */
export type TargetFields = Omit<WeightedCluster_ClusterWeightJson, "name" | "weight" | "clusterHeader" | "typedPerFilterConfig">;

/** Route action fields a feature may set: not where the request goes, its rewrites or timeouts. */
export type ActionFields = Omit<RouteActionJson, "cluster" | "clusterHeader" | "weightedClusters" | "prefixRewrite" | "regexRewrite" | "hostRewriteLiteral" | "timeout" | "idleTimeout">;

/** Cluster fields a feature may set: not its identity, discovery, endpoints or TLS. */
export type ClusterFields = Omit<ClusterJson, "name" | "type" | "connectTimeout" | "edsClusterConfig" | "loadAssignment" | "transportSocket" | "dnsLookupFamily">;

export interface Feature {
  /** Unique; names the feature in docs, tests and diagnostics. */
  readonly name: string;
  /** Golden cases (`test/golden/cases/<name>`) showing the feature's output; at least one. */
  readonly goldenCases: readonly string[];
  readonly httpFilter?: HttpFilterPart;
  readonly listenerFilter?: ListenerFilterPart;
  readonly connectionManager?: ConnectionManagerPart;
  /** Fields on a Route; values left undefined are dropped. */
  readonly route?: (r: IRRoute) => RouteFields;
  /** Fields on the route's action (forwarding routes only; never on a redirect). */
  readonly action?: (r: IRRoute) => ActionFields;
  /** Fields on an IR cluster's Envoy Cluster. */
  readonly cluster?: (c: IRCluster) => ClusterFields;
  /** Fields on one weighted cluster of a canary group. */
  readonly target?: (t: IRRouteTarget) => TargetFields;
  /** Clusters of its own (an auth or rate-limit service), named so they cannot clash. */
  readonly clusters?: (ir: IR) => readonly EnvoyResource<ClusterJson>[];
  /** What is wrong with the feature's settings as the Envoy stage sees them. */
  readonly diagnostics?: (ir: IR) => readonly Diagnostic[];
}
