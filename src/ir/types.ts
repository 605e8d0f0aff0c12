// The semantic intermediate representation: what to serve, independent of Envoy's wire format.
// Every node lists the resources that produced it (for errors, status and diagnostics).
// Lists are always in their final, deterministic order.
import type { Diagnostic, ResourceRef } from "../core/diagnostics.js";
import type { HeaderToAdd, InsecureAction, SecurityModel } from "../resources/types.js";

export interface IR {
  readonly listeners: readonly IRListener[];
  readonly clusters: readonly IRCluster[];
  /** Certificates and validation contexts that listeners or clusters use, sorted by name. */
  readonly secrets: readonly IRSecret[];
  readonly settings: IRGlobalSettings;
  readonly diagnostics: readonly Diagnostic[];
}

/** Connection-manager settings from the `ambassador` Module (defaults applied). */
export interface IRGlobalSettings {
  readonly useRemoteAddress: boolean;
  readonly xffNumTrustedHops: number;
  readonly serverName?: string;
  readonly enableHttp10: boolean;
  readonly listenerIdleTimeoutMs?: number;
  readonly maxRequestHeadersKb?: number;
  readonly stripMatchingHostPort: boolean;
  readonly mergeSlashes: boolean;
  readonly normalizePath: boolean;
  readonly escapedSlashesAction: "REJECT_REQUEST" | "UNESCAPE_AND_REDIRECT";
  readonly headersWithUnderscoresAction: "ALLOW" | "REJECT_REQUEST" | "DROP_HEADER";
  /** 0 turns a timeout off, as in Envoy. */
  readonly requestHeadersTimeoutMs: number;
  readonly streamIdleTimeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly bufferLimitBytes: number;
  /** Module forward_client_cert_details (how the client certificate reaches the backend). */
  readonly forwardClientCertDetails?: "SANITIZE" | "FORWARD_ONLY" | "APPEND_FORWARD" | "SANITIZE_SET" | "ALWAYS_FORWARD_ONLY";
  readonly setCurrentClientCertDetails?: { readonly subject?: boolean; readonly cert?: boolean; readonly chain?: boolean; readonly dns?: boolean; readonly uri?: boolean };
  readonly regexMaxSize: number;
  /** Where every HTTP listener sends access log entries (LogServices); absent: none. */
  readonly accessLogs?: readonly IRAccessLog[];
  /** The tracer every HTTP listener reports spans to (the TracingService); absent: none. */
  readonly tracing?: IRTracing;
  /** HTTP filters the Module turns on (absent: off). */
  readonly gzip?: IRGzip;
  readonly grpcWeb?: boolean;
  readonly luaScript?: string;
  readonly bufferMaxRequestBytes?: number;
  /** The Module, LogServices and TracingService: each shapes every listener. */
  readonly sources: readonly ResourceRef[];
}

/** Response compression (Module `gzip`); levels and strategy in Envoy's names. */
export interface IRGzip {
  readonly minContentLength?: number;
  readonly contentTypes?: readonly string[];
  readonly memoryLevel?: number;
  readonly level?: "DEFAULT_COMPRESSION" | "BEST_SPEED" | "BEST_COMPRESSION";
  readonly strategy?: "DEFAULT_STRATEGY" | "FILTERED" | "HUFFMAN_ONLY" | "RLE" | "FIXED";
  readonly windowBits?: number;
  readonly disableOnEtagHeader?: boolean;
  readonly removeAcceptEncodingHeader?: boolean;
}

/** A service Envoy itself calls (an access log or trace collector), with a cluster of its own. */
export interface IRServiceCluster {
  /** Stable, from the resource's namespace and name; no IR cluster name can take it. */
  readonly name: string;
  readonly host: string;
  readonly port: number;
  /** gRPC services need HTTP/2 to the upstream. */
  readonly http2: boolean;
  readonly connectTimeoutMs: number;
  readonly source: ResourceRef;
}

/** A gRPC access log service (LogService). */
export interface IRAccessLog {
  /** Envoy's `log_name`: `namespace/name` of the LogService. */
  readonly logName: string;
  readonly driver: "tcp" | "http";
  readonly cluster: IRServiceCluster;
  readonly flushIntervalMs: number;
  readonly bufferSizeBytes: number;
  /** Lower-case header names, sorted and unique (HTTP driver only). */
  readonly requestHeaders: readonly string[];
  readonly responseHeaders: readonly string[];
  readonly trailerHeaders: readonly string[];
  readonly source: ResourceRef;
}

export type IRCustomTag =
  | { readonly tag: string; readonly kind: "literal"; readonly value: string }
  | { readonly tag: string; readonly kind: "environment" | "requestHeader"; readonly name: string; readonly defaultValue?: string };

export interface IRTracing {
  readonly driver: "zipkin" | "opentelemetry";
  readonly cluster: IRServiceCluster;
  /** Percentages, 0..100. */
  readonly sampling: { readonly client: number; readonly random: number; readonly overall: number };
  /** `tag_headers` (as request-header tags named after the header) and `custom_tags`, sorted by tag. */
  readonly customTags: readonly IRCustomTag[];
  readonly zipkin?: {
    readonly collectorEndpoint: string;
    readonly endpointVersion: "HTTP_JSON" | "HTTP_PROTO";
    readonly collectorHostname?: string;
    readonly traceId128bit: boolean;
    readonly sharedSpanContext: boolean;
  };
  /** OpenTelemetry's resource `service.name`. */
  readonly serviceName?: string;
  readonly source: ResourceRef;
}

export interface IRListener {
  /** Stable: derived from the bind address and port. */
  readonly name: string;
  readonly bindAddress: string;
  readonly port: number;
  readonly securityModel: SecurityModel;
  readonly useProxyProtocol: boolean;
  readonly statsPrefix: string;
  readonly l7Depth?: number;
  readonly http2MaxConcurrentStreams?: number;
  /** Name of the RouteConfiguration the listener's cleartext chain reads over RDS. */
  readonly routeConfigName: string;
  readonly virtualHosts: readonly IRVirtualHost[];
  /** TLS termination: present when the Listener's stack has TLS and some bound Host has a certificate. */
  readonly tls?: IRListenerTls;
  readonly sources: readonly ResourceRef[];
}

/** The TLS side of a listener: one filter chain per Host certificate, chosen by SNI. */
export interface IRListenerTls {
  /** Sorted by name; server names never repeat between chains. */
  readonly chains: readonly IRTlsChain[];
  /** Serves TLS connections whose SNI matches no chain (or that send none). */
  readonly fallback: IRTlsChain;
  /** The RouteConfiguration TLS connections read: every request on it is secure. */
  readonly routeConfigName: string;
  readonly virtualHosts: readonly IRVirtualHost[];
}

export interface IRTlsChain {
  /** The Host's `namespace/name`. */
  readonly name: string;
  /** SNI names matched; empty matches any (a Host for `*`). */
  readonly serverNames: readonly string[];
  readonly tls: IRDownstreamTls;
  readonly sources: readonly ResourceRef[];
}

export type IRTlsVersion = "TLSv1_0" | "TLSv1_1" | "TLSv1_2" | "TLSv1_3";

export interface IRTlsParams {
  readonly minVersion?: IRTlsVersion;
  readonly maxVersion?: IRTlsVersion;
  readonly cipherSuites?: readonly string[];
  readonly ecdhCurves?: readonly string[];
}

export interface IRDownstreamTls {
  /** SDS name of the certificate. */
  readonly certificate: string;
  /** SDS name of the validation context (client certificates), when the context has a CA. */
  readonly validation?: string;
  readonly requireClientCertificate: boolean;
  readonly alpn: readonly string[];
  readonly params: IRTlsParams;
}

/** TLS towards a backend: `https://` or a Mapping's `tls` context. */
export interface IRUpstreamTls {
  /** The TLSContext (`namespace/name`) it comes from; absent for a plain `https://` service. */
  readonly context?: string;
  readonly sni?: string;
  /** SDS name of the client certificate (upstream mTLS). */
  readonly certificate?: string;
  /** SDS name of the CA that verifies the backend; absent: not verified (as Ambassador). */
  readonly validation?: string;
  readonly alpn: readonly string[];
  readonly params: IRTlsParams;
}

/**
 * An SDS Secret. The name comes from the Kubernetes Secret's namespace/name only, never from its
 * content, so a rotated certificate keeps its name and only this resource changes.
 */
export interface IRSecret {
  readonly name: string;
  readonly certificate?: { readonly certChain: string; readonly privateKey: string };
  readonly validation?: { readonly trustedCa: string; readonly crl?: string };
  readonly sources: readonly ResourceRef[];
}

export interface IRVirtualHost {
  readonly name: string;
  readonly hostname: string;
  readonly domains: readonly string[];
  readonly insecureAction: InsecureAction;
  readonly routes: readonly IRRoute[];
  readonly sources: readonly ResourceRef[];
}

export type IRPathMatch =
  | { readonly kind: "prefix"; readonly value: string }
  | { readonly kind: "exact"; readonly value: string }
  | { readonly kind: "regex"; readonly value: string };

/** A condition on a header (or pseudo-header) or query parameter: its value, or only its presence. */
export type IRValueMatch =
  | { readonly kind: "exact" | "regex"; readonly name: string; readonly value: string }
  | { readonly kind: "present"; readonly name: string };

export type IRHeaderMatch = IRValueMatch;
export type IRQueryMatch = IRValueMatch;

/** The value a condition compares with; a presence check has none. */
export function matchValue(m: IRValueMatch): string {
  return m.kind === "present" ? "" : m.value;
}

export interface IRRouteMatch {
  readonly path: IRPathMatch;
  readonly caseSensitive: boolean;
  /** Sorted by name; includes `:authority` (from hostname/host) and `:method`. */
  readonly headers: readonly IRHeaderMatch[];
  /** Sorted by name. */
  readonly query: readonly IRQueryMatch[];
  readonly precedence: number;
}

export interface IRHeaderMutations {
  readonly addRequest: readonly (HeaderToAdd & { readonly name: string })[];
  readonly removeRequest: readonly string[];
  readonly addResponse: readonly (HeaderToAdd & { readonly name: string })[];
  readonly removeResponse: readonly string[];
}

/** One backend of a route: a cluster with its share of traffic. */
export interface IRRouteTarget {
  readonly cluster: string;
  /** Percent, 0..100; the targets of one route add up to 100. */
  readonly weight: number;
  readonly hostRewrite?: string;
  readonly headers: IRHeaderMutations;
  /**
   * Set on every target of a canary group whose members differ in route-level settings: as in
   * Ambassador, each member's traffic gets that member's own rewrite, timeouts and policies.
   */
  readonly own?: IRRouteSettings;
  readonly source: ResourceRef;
}

export interface IRRetryPolicy {
  /** Envoy's retry_on value (Ambassador's names are Envoy's). */
  readonly retryOn: string;
  readonly numRetries?: number;
  readonly perTryTimeoutMs?: number;
}

/** What a ring_hash / maglev cluster hashes on: a cookie (set by Envoy when absent), a header, the client address. */
export type IRHashPolicy =
  | { readonly kind: "cookie"; readonly name: string; readonly path?: string; readonly ttlMs?: number }
  | { readonly kind: "header"; readonly name: string }
  | { readonly kind: "sourceIp" };

/** A redirect answered by Envoy (host_redirect): nothing is proxied. */
export interface IRRedirect {
  readonly host: string;
  readonly port?: number;
  readonly https?: boolean;
  /** At most one of path, prefix, regex. */
  readonly path?: string;
  readonly prefix?: string;
  readonly regex?: { readonly pattern: string; readonly substitution: string };
  /** 301 when absent. */
  readonly responseCode?: 301 | 302 | 303 | 307 | 308;
}

/** A shadow Mapping: a copy of `percent` of the route's requests goes to `cluster`; its answers are dropped. */
export interface IRMirror {
  readonly cluster: string;
  readonly percent: number;
  readonly source: ResourceRef;
}

/** Cross-origin requests the route allows; Envoy answers preflights itself. */
export interface IRCors {
  /** Exact origins; `*` allows any. */
  readonly origins: readonly string[];
  readonly methods?: string;
  readonly headers?: string;
  readonly exposedHeaders?: string;
  readonly maxAge?: string;
  readonly credentials?: boolean;
}

/** What a route does with a request besides where it goes. */
export interface IRRouteSettings {
  /** `undefined` keeps the path; otherwise the matched prefix (or whole path) is replaced. */
  readonly prefixRewrite?: string;
  readonly regexRewrite?: { readonly pattern: string; readonly substitution: string };
  readonly timeoutMs: number;
  readonly idleTimeoutMs?: number;
  readonly retryPolicy?: IRRetryPolicy;
  readonly hashPolicy?: IRHashPolicy;
  /** Upgrade types allowed (`websocket`, ...), sorted. */
  readonly upgrades?: readonly string[];
  /** Mapping `priority: high`: the cluster's high-priority circuit breakers apply. */
  readonly highPriority?: boolean;
  readonly autoHostRewrite?: boolean;
  readonly cors?: IRCors;
}

export interface IRRoute extends IRRouteSettings {
  /** Stable: derived from the match, never from a list position. */
  readonly name: string;
  readonly match: IRRouteMatch;
  /** Exactly one target, or a canary group's weighted targets (sorted by cluster); none for a redirect. */
  readonly targets: readonly IRRouteTarget[];
  readonly redirect?: IRRedirect;
  /** Sorted by cluster. */
  readonly mirrors?: readonly IRMirror[];
  readonly sources: readonly ResourceRef[];
}

export type IRDiscovery = "EDS" | "STRICT_DNS";

export interface IREndpoint {
  readonly address: string;
  readonly port: number;
}

/** Where traffic goes and how: what makes two Mappings share a cluster. */
export interface ClusterSpec {
  readonly discovery: IRDiscovery;
  /** DNS name or IP literal, and port. */
  readonly host: string;
  readonly port: number;
  /** Upstream TLS (`https://` services, or a Mapping's `tls`). */
  readonly tls: boolean;
  /** How TLS is set up, when `tls`. */
  readonly upstreamTls?: IRUpstreamTls;
  readonly connectTimeoutMs: number;
  /** Known endpoints (EDS clusters). */
  readonly endpoints: readonly IREndpoint[];
  /** Settings beyond the common ones; absent when none is set, so plain clusters keep their names. */
  readonly options?: IRClusterOptions;
}

export interface IRCircuitBreaker {
  readonly priority: "DEFAULT" | "HIGH";
  readonly maxConnections?: number;
  readonly maxPendingRequests?: number;
  readonly maxRequests?: number;
  readonly maxRetries?: number;
}

export interface IRHealthCheck {
  readonly timeoutMs: number;
  readonly intervalMs: number;
  readonly unhealthyThreshold: number;
  readonly healthyThreshold: number;
  readonly http?: {
    readonly path: string;
    readonly host?: string;
    readonly addHeaders: readonly (HeaderToAdd & { readonly name: string })[];
    readonly removeHeaders: readonly string[];
    /** Half-open ranges [start, end), as Envoy reads them. */
    readonly expectedStatuses: readonly { readonly start: number; readonly end: number }[];
  };
  readonly grpc?: { readonly serviceName: string; readonly authority?: string };
}

/** Per-upstream settings from the Mapping, or the Module's defaults. */
export interface IRClusterOptions {
  /** Absent: round robin (Envoy's default). */
  readonly lbPolicy?: "LEAST_REQUEST" | "RING_HASH" | "MAGLEV";
  readonly circuitBreakers?: readonly IRCircuitBreaker[];
  readonly keepalive?: { readonly probes?: number; readonly timeS?: number; readonly intervalS?: number };
  readonly healthChecks?: readonly IRHealthCheck[];
  readonly idleTimeoutMs?: number;
  readonly maxConnectionLifetimeMs?: number;
  /** HTTP/2 to the upstream (`grpc: true`). */
  readonly http2?: boolean;
  readonly logicalDns?: boolean;
  readonly respectDnsTtl?: boolean;
  readonly ipFamily?: "V4_ONLY" | "V6_ONLY" | "AUTO";
  readonly statsName?: string;
  /** `cluster_tag`: only keeps Mappings with different tags on different clusters. */
  readonly tag?: string;
}

export interface IRCluster extends ClusterSpec {
  /** Stable: derived from the upstream and its settings. */
  readonly name: string;
  readonly sources: readonly ResourceRef[];
}
