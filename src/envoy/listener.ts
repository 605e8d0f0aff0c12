// IR listener -> Envoy Listener. Routes are never inline: the connection manager reads its
// RouteConfiguration over RDS, so route changes never touch (and never drain) the listener.
import type { ListenerJson } from "#gen/envoy/config/listener/v3/listener_pb.js";
import { HttpConnectionManagerSchema, type HttpConnectionManagerJson } from "#gen/envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager_pb.js";
import { ProxyProtocolSchema } from "#gen/envoy/extensions/filters/listener/proxy_protocol/v3/proxy_protocol_pb.js";
import { RouterSchema } from "#gen/envoy/extensions/filters/http/router/v3/router_pb.js";
import type { IRGlobalSettings, IRListener } from "../ir/types.js";
import { ADS_CONFIG_SOURCE, compact, duration, socketAddress, typed } from "./values.js";

export function listenerJson(l: IRListener, settings: IRGlobalSettings): ListenerJson {
  return compact({
    name: l.name,
    address: socketAddress(l.bindAddress, l.port),
    listenerFilters: l.useProxyProtocol
      ? [{ name: "envoy.filters.listener.proxy_protocol", typedConfig: typed(ProxyProtocolSchema) }]
      : undefined,
    filterChains: [{ filters: [{ name: "envoy.filters.network.http_connection_manager", typedConfig: typed(HttpConnectionManagerSchema, connectionManager(l, settings)) }] }],
  });
}

function connectionManager(l: IRListener, s: IRGlobalSettings): HttpConnectionManagerJson {
  const trustedHops = l.l7Depth ?? s.xffNumTrustedHops;
  return compact({
    statPrefix: l.statsPrefix,
    rds: { routeConfigName: l.routeConfigName, configSource: ADS_CONFIG_SOURCE },
    httpFilters: [{ name: "envoy.filters.http.router", typedConfig: typed(RouterSchema) }],
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
  });
}
