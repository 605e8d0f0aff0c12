// IR listener -> Envoy Listener. Routes are never inline: the connection manager reads its
// RouteConfiguration over RDS, so route changes never touch (and never drain) the listener.
// A listener with TLS has one filter chain per Host certificate (matched by SNI), a cleartext
// chain for plain HTTP on the same port, and the fallback certificate's chain as the default
// for unknown or missing SNI.
import type { ListenerJson } from "#gen/envoy/config/listener/v3/listener_pb.js";
import type { FilterChainJson } from "#gen/envoy/config/listener/v3/listener_components_pb.js";
import { HttpConnectionManagerSchema, type HttpConnectionManager_SetCurrentClientCertDetailsJson, type HttpConnectionManagerJson } from "#gen/envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager_pb.js";
import type { IRGlobalSettings, IRListener, IRTlsChain } from "../ir/types.js";
import { DEFAULT_FEATURES, httpFilters, listenerFilters, type FeatureSet } from "./features/registry.js";
import { EDGE_DEFAULTS } from "../ir/settings.js";
import { downstreamTlsSocket, secretNames } from "./tls.js";
import { ADS_CONFIG_SOURCE, compact, duration, socketAddress, typed } from "./values.js";

/** Listener and HTTP filters come from the features (see features/registry.ts), in their order. */
export function listenerJson(l: IRListener, settings: IRGlobalSettings, features: FeatureSet = DEFAULT_FEATURES): ListenerJson {
  const cleartext: FilterChainJson = { filters: [hcmFilter(l, settings, features, l.routeConfigName)] };
  const base = {
    name: l.name,
    address: socketAddress(l.bindAddress, l.port),
    perConnectionBufferLimitBytes: settings.bufferLimitBytes,
    listenerFilters: listenerFilters(features, l),
  };
  const tls = l.tls;
  if (!tls) return compact({ ...base, filterChains: [cleartext] });
  const chain = (c: IRTlsChain, match: boolean): FilterChainJson => compact({
    name: match ? c.name : `fallback:${c.name}`,
    filterChainMatch: match ? { serverNames: [...c.serverNames], transportProtocol: "tls" } : undefined,
    transportSocket: downstreamTlsSocket(c.tls),
    filters: [hcmFilter(l, settings, features, tls.routeConfigName)],
  });
  return compact({
    ...base,
    filterChains: [
      { name: "cleartext", filterChainMatch: { transportProtocol: "raw_buffer" }, ...cleartext },
      ...tls.chains.filter((c) => c.serverNames.length > 0).map((c) => chain(c, true)),
    ],
    defaultFilterChain: chain(tls.fallback, false),
  });
}

/** The SDS secrets a listener's chains use, sorted (its `secretRefs`). */
export function listenerSecrets(l: IRListener): string[] {
  const names = new Set((l.tls?.chains ?? []).flatMap((c) => secretNames(c.tls)));
  return [...names].sort();
}

function hcmFilter(l: IRListener, settings: IRGlobalSettings, features: FeatureSet, routeConfigName: string): NonNullable<FilterChainJson["filters"]>[number] {
  return { name: "envoy.filters.network.http_connection_manager", typedConfig: typed(HttpConnectionManagerSchema, connectionManager(l, settings, features, routeConfigName)) };
}

function connectionManager(l: IRListener, s: IRGlobalSettings, features: FeatureSet, routeConfigName: string): HttpConnectionManagerJson {
  const trustedHops = l.l7Depth ?? s.xffNumTrustedHops;
  return compact({
    statPrefix: l.statsPrefix,
    rds: { routeConfigName, configSource: ADS_CONFIG_SOURCE },
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
    forwardClientCertDetails: s.forwardClientCertDetails,
    setCurrentClientCertDetails: clientCertDetails(s),
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

// Only the parts asked for: proto3 JSON leaves false booleans out.
function clientCertDetails(s: IRGlobalSettings): HttpConnectionManager_SetCurrentClientCertDetailsJson | undefined {
  const d = s.setCurrentClientCertDetails;
  if (!d || !Object.values(d).some((v) => v === true)) return undefined;
  return compact({
    subject: d.subject ? true : undefined,
    cert: d.cert ? true : undefined,
    chain: d.chain ? true : undefined,
    dns: d.dns ? true : undefined,
    uri: d.uri ? true : undefined,
  });
}
