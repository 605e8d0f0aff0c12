// IR listener -> Envoy Listener. Routes are never inline: the connection manager reads its
// RouteConfiguration over RDS, so route changes never touch (and never drain) the listener.
// A listener with TLS reads SNI (tls_inspector) and has one filter chain per Host certificate,
// a cleartext chain for plain HTTP on the same port, and the fallback certificate's chain as
// the default for unknown or missing SNI.
import type { IRGlobalSettings, IRListener, IRTlsChain } from "../ir/types.js";
import { downstreamTlsSocket } from "./tls.js";
import type { JsonObject } from "./types.js";
import { ADS_CONFIG_SOURCE, compact, duration, socketAddress, typed } from "./values.js";

const PROXY_PROTOCOL: JsonObject = { name: "envoy.filters.listener.proxy_protocol", typedConfig: typed("envoy.extensions.filters.listener.proxy_protocol.v3.ProxyProtocol") };
const TLS_INSPECTOR: JsonObject = { name: "envoy.filters.listener.tls_inspector", typedConfig: typed("envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector") };

export function listenerJson(l: IRListener, settings: IRGlobalSettings): JsonObject {
  const filters = [...(l.useProxyProtocol ? [PROXY_PROTOCOL] : []), ...(l.tls ? [TLS_INSPECTOR] : [])];
  const cleartext = { filters: [hcmFilter(l, settings, l.routeConfigName)] };
  if (!l.tls) return compact({ name: l.name, address: socketAddress(l.bindAddress, l.port), listenerFilters: filters.length ? filters : undefined, filterChains: [cleartext] });
  const tls = l.tls;
  const sniChains = tls.chains.filter((c) => c.serverNames.length > 0).map((c) => tlsChain(c, l, settings, true));
  return {
    name: l.name,
    address: socketAddress(l.bindAddress, l.port),
    listenerFilters: filters,
    filterChains: [{ name: "cleartext", filterChainMatch: { transportProtocol: "raw_buffer" }, ...cleartext }, ...sniChains],
    defaultFilterChain: tlsChain(tls.fallback, l, settings, false),
  };
}

function tlsChain(c: IRTlsChain, l: IRListener, settings: IRGlobalSettings, match: boolean): JsonObject {
  return compact({
    name: match ? c.name : `fallback:${c.name}`,
    filterChainMatch: match ? { serverNames: [...c.serverNames], transportProtocol: "tls" } : undefined,
    transportSocket: downstreamTlsSocket(c.tls),
    filters: [hcmFilter(l, settings, (l.tls as NonNullable<IRListener["tls"]>).routeConfigName)],
  });
}

function hcmFilter(l: IRListener, settings: IRGlobalSettings, routeConfigName: string): JsonObject {
  return { name: "envoy.filters.network.http_connection_manager", typedConfig: connectionManager(l, settings, routeConfigName) };
}

// Only the parts asked for: proto3 JSON leaves false booleans out.
function clientCertDetails(s: IRGlobalSettings): JsonObject | undefined {
  const on = Object.entries(s.setCurrentClientCertDetails ?? {}).filter(([, v]) => v === true);
  return on.length > 0 ? Object.fromEntries(on) as JsonObject : undefined;
}

function connectionManager(l: IRListener, s: IRGlobalSettings, routeConfigName: string): JsonObject {
  const trustedHops = l.l7Depth ?? s.xffNumTrustedHops;
  return typed("envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager", compact({
    statPrefix: l.statsPrefix,
    rds: { routeConfigName, configSource: ADS_CONFIG_SOURCE },
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
    forwardClientCertDetails: s.forwardClientCertDetails,
    setCurrentClientCertDetails: clientCertDetails(s),
  }));
}
