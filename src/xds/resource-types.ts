// The xDS resource types attache serves, and everything the protocol needs to know about each:
// one table instead of constants spread over the planners, the snapshot and the runtime. The
// message behind each type (its encoding, its `@type`) is the Envoy stage's: `RESOURCE_SCHEMAS`.
import type { EnvoyResource, ResourceType } from "../envoy/types.js";

/** Which reference list of a resource names resources of another type (see `EnvoyResource`). */
export type RefList = "refs" | "secretRefs";

export interface XdsResourceType {
  readonly type: ResourceType;
  readonly typeUrl: string;
  /** The discovery service's short name, for logs and tests. */
  readonly short: string;
  /** An empty first request (legacy) or "*" subscribes to every resource of the type. */
  readonly wildcard: boolean;
  /**
   * Envoy is ready once it ACKed this type. Types Envoy may never ask for are not required:
   * load assignments (no EDS cluster) and secrets (no SDS user).
   */
  readonly ackRequiredForReady: boolean;
  /** The reference lists its resources carry: what they use, as the generator recorded it. */
  readonly uses: readonly RefList[];
  /**
   * Kept while a live resource names it in this list, even when the target dropped it (make
   * before break). Load assignments are named after their cluster, so they go by `refs` too.
   */
  readonly keptWhileIn?: RefList;
}

/** Type URL by resource type (a unit test checks each against the message the Envoy stage encodes). */
export const TYPE_URLS = {
  listener: "type.googleapis.com/envoy.config.listener.v3.Listener",
  route: "type.googleapis.com/envoy.config.route.v3.RouteConfiguration",
  cluster: "type.googleapis.com/envoy.config.cluster.v3.Cluster",
  endpoint: "type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment",
  secret: "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.Secret",
} as const satisfies Record<ResourceType, string>;

/** The type URL of a type attache serves. Clients may ask for others: those stay plain strings. */
export type XdsTypeUrl = (typeof TYPE_URLS)[ResourceType];

/** In push order: make before break (CDS, EDS, LDS, RDS, SDS). */
export const XDS_TYPES = [
  {
    type: "cluster", typeUrl: TYPE_URLS.cluster, short: "CDS",
    wildcard: true, ackRequiredForReady: true, uses: ["secretRefs"], keptWhileIn: "refs",
  },
  {
    type: "endpoint", typeUrl: TYPE_URLS.endpoint, short: "EDS",
    wildcard: false, ackRequiredForReady: false, uses: [], keptWhileIn: "refs",
  },
  {
    type: "listener", typeUrl: TYPE_URLS.listener, short: "LDS",
    wildcard: true, ackRequiredForReady: true, uses: ["refs", "secretRefs"],
  },
  {
    type: "route", typeUrl: TYPE_URLS.route, short: "RDS",
    wildcard: false, ackRequiredForReady: true, uses: ["refs"],
  },
  {
    type: "secret", typeUrl: TYPE_URLS.secret, short: "SDS",
    wildcard: false, ackRequiredForReady: false, uses: [], keptWhileIn: "secretRefs",
  },
] as const satisfies readonly XdsResourceType[];

const BY_URL: ReadonlyMap<string, XdsResourceType> = new Map(XDS_TYPES.map((t) => [t.typeUrl, t]));

/** The table's entry for a type URL a client sent; undefined for types attache does not serve. */
export function xdsType(typeUrl: string): XdsResourceType | undefined {
  return BY_URL.get(typeUrl);
}

export function isXdsTypeUrl(typeUrl: string): typeUrl is XdsTypeUrl {
  return BY_URL.has(typeUrl);
}

/** Type URLs in push order. */
export const PUSH_ORDER: readonly XdsTypeUrl[] = XDS_TYPES.map((t) => t.typeUrl);

/** Types whose first ACK (each) means Envoy runs a complete configuration. */
export const READINESS_TYPES: readonly XdsTypeUrl[] = XDS_TYPES.filter((t) => t.ackRequiredForReady).map((t) => t.typeUrl);

/** Whether an empty first request for `typeUrl` subscribes to everything. */
export function isWildcardType(typeUrl: string): boolean {
  return xdsType(typeUrl)?.wildcard ?? false;
}

/** The names a resource lists in one reference list. */
export function referenced(r: Pick<EnvoyResource, RefList>, list: RefList): readonly string[] {
  return r[list] ?? [];
}
