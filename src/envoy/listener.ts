// IR listener -> Envoy Listener. Routes are never inline: the connection manager reads its
// RouteConfiguration over RDS, so route changes never touch (and never drain) the listener.
import type { IRGlobalSettings, IRListener } from "../ir/types.js";
import type { JsonObject } from "./types.js";
import { ADS_CONFIG_SOURCE, compact, duration, socketAddress, typed } from "./values.js";

export function listenerJson(l: IRListener, settings: IRGlobalSettings): JsonObject {
  return compact({
    name: l.name,
    address: socketAddress(l.bindAddress, l.port),
    listenerFilters: l.useProxyProtocol
      ? [{ name: "envoy.filters.listener.proxy_protocol", typedConfig: typed("envoy.extensions.filters.listener.proxy_protocol.v3.ProxyProtocol") }]
      : undefined,
    filterChains: [{ filters: [{ name: "envoy.filters.network.http_connection_manager", typedConfig: connectionManager(l, settings) }] }],
  });
}

function connectionManager(l: IRListener, s: IRGlobalSettings): JsonObject {
  const trustedHops = l.l7Depth ?? s.xffNumTrustedHops;
  return typed("envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager", compact({
    statPrefix: l.statsPrefix,
    rds: { routeConfigName: l.routeConfigName, configSource: ADS_CONFIG_SOURCE },
    httpFilters: [{ name: "envoy.filters.http.router", typedConfig: typed("envoy.extensions.filters.http.router.v3.Router") }],
    useRemoteAddress: s.useRemoteAddress,
    xffNumTrustedHops: trustedHops > 0 ? trustedHops : undefined,
    serverName: s.serverName,
    httpProtocolOptions: s.enableHttp10 ? { acceptHttp10: true } : undefined,
    commonHttpProtocolOptions: s.listenerIdleTimeoutMs !== undefined ? { idleTimeout: duration(s.listenerIdleTimeoutMs) } : undefined,
    http2ProtocolOptions: l.http2MaxConcurrentStreams !== undefined ? { maxConcurrentStreams: l.http2MaxConcurrentStreams } : undefined,
    maxRequestHeadersKb: s.maxRequestHeadersKb,
    mergeSlashes: s.mergeSlashes ? true : undefined,
    // Hosts and `:authority` matches are written without ports; a client's `Host: x:8080` must
    // still match them.
    stripMatchingHostPort: s.stripMatchingHostPort ? true : undefined,
    stripAnyHostPort: s.stripMatchingHostPort ? undefined : true,
  }));
}
