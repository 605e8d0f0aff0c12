// The Envoy v3 Bootstrap attache starts Envoy with: everything dynamic comes over ADS from
// attache itself; the only static pieces are the ADS cluster, the admin endpoint and a small
// readiness listener that Envoy's worker threads answer even while the main thread is busy.
import { DEFAULT_REGEX_MAX_SIZE } from "../resources/checks/check-result.js";
import type { JsonObject } from "../envoy/types.js";
import { regexLimitRuntime } from "./runtime-keys.js";

export const ADS_CLUSTER = "attache_xds";
export const READY_LISTENER = "attache-ready";
export const READY_PATH = "/ready";

export interface BootstrapOptions {
  readonly nodeId?: string;
  readonly nodeCluster?: string;
  /** ADS server port on 127.0.0.1; ignored when `adsSocket` is set. */
  readonly adsPort?: number;
  /** ADS over a Unix socket (no TCP port at all): attache's default. */
  readonly adsSocket?: string;
  readonly adminPort?: number;
  /** Envoy admin on a Unix socket, mode 0600 (only attache's user): attache's default. */
  readonly adminSocket?: string;
  readonly readyPort?: number;
  /** Incremental ADS (`DELTA_GRPC`, default) or state of the world (`GRPC`). */
  readonly adsApiType?: "GRPC" | "DELTA_GRPC";
  /** RE2 program size above which a regex is rejected (Module `regex_max_size`). */
  readonly regexMaxSize?: number;
  /**
   * How long Envoy waits for the first LDS/CDS answer before starting without it (proto3 JSON
   * Duration, e.g. "2s"). Envoy opens no listener, the readiness one included, before that.
   * Unset: Envoy's default (15s).
   */
  readonly initialFetchTimeout?: string;
  /** Envoy's global limit on downstream connections (overload manager); default 50000. */
  readonly maxDownstreamConnections?: number;
}

export const BOOTSTRAP_DEFAULTS = {
  nodeId: "attache",
  nodeCluster: "attache",
  adminPort: 8001,
  readyPort: 8006,
  adsApiType: "DELTA_GRPC",
  regexMaxSize: DEFAULT_REGEX_MAX_SIZE,
  maxDownstreamConnections: 50_000,
} as const;

const LOOPBACK = "127.0.0.1";

export function buildBootstrap(opts: BootstrapOptions): JsonObject {
  const d = BOOTSTRAP_DEFAULTS;
  const o = {
    nodeId: opts.nodeId ?? d.nodeId,
    nodeCluster: opts.nodeCluster ?? d.nodeCluster,
    ads: opts.adsSocket !== undefined ? pipeAddress(opts.adsSocket) : socketAddress(requirePort(opts.adsPort)),
    admin: opts.adminSocket !== undefined ? pipeAddress(opts.adminSocket, OWNER_ONLY) : socketAddress(opts.adminPort ?? d.adminPort),
    readyPort: opts.readyPort ?? d.readyPort,
    adsApiType: opts.adsApiType ?? d.adsApiType,
    regexMaxSize: opts.regexMaxSize ?? d.regexMaxSize,
  };
  return {
    node: { id: o.nodeId, cluster: o.nodeCluster },
    dynamicResources: dynamicResources(o.adsApiType, opts.initialFetchTimeout),
    staticResources: {
      listeners: [readyListener(o.readyPort)],
      clusters: [adsCluster(o.ads)],
    },
    admin: {
      address: o.admin,
      accessLog: [fileAccessLog("/dev/null")],
    },
    layeredRuntime: runtime(o.regexMaxSize),
    overloadManager: connectionLimit(opts.maxDownstreamConnections ?? d.maxDownstreamConnections),
  };
}

/** A global cap on downstream connections: past it Envoy refuses new ones instead of running out of memory. */
function connectionLimit(max: number): JsonObject {
  return {
    resourceMonitors: [{
      name: "envoy.resource_monitors.global_downstream_max_connections",
      typedConfig: {
        "@type": "type.googleapis.com/envoy.extensions.resource_monitors.downstream_connections.v3.DownstreamConnectionsConfig",
        maxActiveDownstreamConnections: String(max),
      },
    }],
  };
}

function dynamicResources(apiType: "GRPC" | "DELTA_GRPC", initialFetchTimeout: string | undefined): JsonObject {
  const viaAds: JsonObject = { ads: {}, resourceApiVersion: "V3" };
  if (initialFetchTimeout !== undefined) viaAds.initialFetchTimeout = initialFetchTimeout;
  return {
    adsConfig: {
      apiType,
      transportApiVersion: "V3",
      grpcServices: [{ envoyGrpc: { clusterName: ADS_CLUSTER } }],
      // The node (with its metadata) is large; Envoy need not repeat it on every request.
      setNodeOnFirstMessageOnly: true,
    },
    ldsConfig: viaAds,
    cdsConfig: viaAds,
  };
}

function adsCluster(address: JsonObject): JsonObject {
  return {
    name: ADS_CLUSTER,
    type: "STATIC",
    connectTimeout: "1s",
    loadAssignment: {
      clusterName: ADS_CLUSTER,
      endpoints: [{ lbEndpoints: [{ endpoint: { address } }] }],
    },
    typedExtensionProtocolOptions: {
      "envoy.extensions.upstreams.http.v3.HttpProtocolOptions": {
        "@type": "type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions",
        explicitHttpConfig: { http2ProtocolOptions: {} },
      },
    },
  };
}

/**
 * `GET /ready` is answered by the health_check filter (200 while Envoy is not draining or
 * failed, 503 otherwise); a local-reply mapper gives the 200 the body `ready`. Anything else
 * falls through to a catch-all 404.
 */
function readyListener(port: number): JsonObject {
  const hcm: JsonObject = {
    "@type": "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager",
    statPrefix: "attache_ready",
    routeConfig: {
      name: "attache_ready",
      virtualHosts: [{
        name: "attache_ready",
        domains: ["*"],
        routes: [{ match: { prefix: "/" }, directResponse: { status: 404, body: { inlineString: "not found\n" } } }],
      }],
    },
    httpFilters: [
      {
        name: "envoy.filters.http.health_check",
        typedConfig: {
          "@type": "type.googleapis.com/envoy.extensions.filters.http.health_check.v3.HealthCheck",
          passThroughMode: false,
          headers: [{ name: ":path", stringMatch: { exact: READY_PATH } }],
        },
      },
      { name: "envoy.filters.http.router", typedConfig: { "@type": "type.googleapis.com/envoy.extensions.filters.http.router.v3.Router" } },
    ],
    localReplyConfig: {
      mappers: [{
        // `op` is left at its default, EQ, so the JSON stays canonical.
        filter: { statusCodeFilter: { comparison: { value: { defaultValue: 200, runtimeKey: "attache.ready.status" } } } },
        body: { inlineString: "ready\n" },
      }],
    },
  };
  return {
    name: READY_LISTENER,
    address: socketAddress(port),
    filterChains: [{ filters: [{ name: "envoy.filters.network.http_connection_manager", typedConfig: hcm }] }],
  };
}

function runtime(regexMaxSize: number): JsonObject {
  return {
    layers: [
      {
        name: "attache_static",
        // Warn from Envoy's default limit up, so long-but-allowed regexes stay visible.
        staticLayer: regexLimitRuntime(regexMaxSize),
      },
      { name: "admin", adminLayer: {} },
    ],
  };
}

function fileAccessLog(path: string): JsonObject {
  return {
    name: "envoy.access_loggers.file",
    typedConfig: { "@type": "type.googleapis.com/envoy.extensions.access_loggers.file.v3.FileAccessLog", path },
  };
}

/** rw for the owner only: admin can dump config (tokens) and fail health checks. */
const OWNER_ONLY = 0o600;

function pipeAddress(path: string, mode?: number): JsonObject {
  return { pipe: mode === undefined ? { path } : { path, mode } };
}

function requirePort(port: number | undefined): number {
  if (port === undefined) throw new Error("bootstrap needs adsPort or adsSocket");
  return port;
}

function socketAddress(port: number): JsonObject {
  return { socketAddress: { address: LOOPBACK, portValue: port } };
}
