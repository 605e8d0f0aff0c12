// IR listener -> Envoy Listener. Routes are never inline: the connection manager reads its
// RouteConfiguration over RDS, so route changes never touch (and never drain) the listener.
import type { ListenerJson } from "#gen/envoy/config/listener/v3/listener_pb.js";
import { HttpConnectionManagerSchema, type HttpConnectionManagerJson } from "#gen/envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager_pb.js";
import type { IRGlobalSettings, IRListener } from "../ir/types.js";
import { DEFAULT_FEATURES, httpFilters, listenerFilters, type FeatureSet } from "./features/registry.js";
import { EDGE_DEFAULTS } from "../ir/settings.js";
import { ADS_CONFIG_SOURCE, compact, duration, socketAddress, typed } from "./values.js";

/** Listener and HTTP filters come from the features (see features/registry.ts), in their order. */
export function listenerJson(l: IRListener, settings: IRGlobalSettings, features: FeatureSet = DEFAULT_FEATURES): ListenerJson {
  const hcm = connectionManager(l, settings, features);
  return compact({
    name: l.name,
    address: socketAddress(l.bindAddress, l.port),
    perConnectionBufferLimitBytes: settings.bufferLimitBytes,
    listenerFilters: listenerFilters(features, l),
    filterChains: [{ filters: [{ name: "envoy.filters.network.http_connection_manager", typedConfig: typed(HttpConnectionManagerSchema, hcm) }] }],
  });
}

function connectionManager(l: IRListener, s: IRGlobalSettings, features: FeatureSet): HttpConnectionManagerJson {
  const trustedHops = l.l7Depth ?? s.xffNumTrustedHops;
  return compact({
    statPrefix: l.statsPrefix,
    rds: { routeConfigName: l.routeConfigName, configSource: ADS_CONFIG_SOURCE },
    httpFilters: httpFilters(features, l, s),
    useRemoteAddress: s.useRemoteAddress,
    xffNumTrustedHops: trustedHops > 0 ? trustedHops : undefined,
    serverName: s.serverName,
    httpProtocolOptions: s.enableHttp10 ? { acceptHttp10: true } : undefined,
    commonHttpProtocolOptions: compact({
      idleTimeout: s.listenerIdleTimeoutMs !== undefined ? duration(s.listenerIdleTimeoutMs) : undefined,
      headersWithUnderscoresAction: s.headersWithUnderscoresAction === "ALLOW" ? undefined : s.headersWithUnderscoresAction,
    }),
    http2ProtocolOptions: {
      maxConcurrentStreams: l.http2MaxConcurrentStreams ?? EDGE_DEFAULTS.http2MaxConcurrentStreams,
      initialStreamWindowSize: EDGE_DEFAULTS.http2InitialStreamWindowSize,
      initialConnectionWindowSize: EDGE_DEFAULTS.http2InitialConnectionWindowSize,
    },
    maxRequestHeadersKb: s.maxRequestHeadersKb,
    ...edgePathAndTimeouts(s),
    // Hosts and `:authority` matches are written without ports; a client's `Host: x:8080` must
    // still match them.
    stripMatchingHostPort: s.stripMatchingHostPort ? true : undefined,
    stripAnyHostPort: s.stripMatchingHostPort ? undefined : true,
  });
}

/** Paths normalised before routing (no `/a/../b` reaching a backend), slow clients cut off. */
function edgePathAndTimeouts(s: IRGlobalSettings): Partial<HttpConnectionManagerJson> {
  return compact({
    normalizePath: s.normalizePath ? true : undefined,
    mergeSlashes: s.mergeSlashes ? true : undefined,
    pathWithEscapedSlashesAction: s.escapedSlashesAction,
    requestHeadersTimeout: s.requestHeadersTimeoutMs > 0 ? duration(s.requestHeadersTimeoutMs) : undefined,
    streamIdleTimeout: duration(s.streamIdleTimeoutMs),
    requestTimeout: s.requestTimeoutMs > 0 ? duration(s.requestTimeoutMs) : undefined,
  });
}
