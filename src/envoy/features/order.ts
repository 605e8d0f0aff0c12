// Where each filter runs. Envoy runs a connection manager's HTTP filters in the order they are
// listed, and listener filters likewise; the order is a property of the gateway, not of any
// one feature, so it lives here, in one table each. A feature names its slot; a slot not in
// the table does not compile. The router is terminal (it forwards the request): always last.
//
// CORS first: a preflight is answered before anything that could refuse it for lacking
// credentials (a browser sends none with a preflight).
// gRPC-Web before CORS, as Envoy's gRPC-Web setups run it; compression outermost so it sees
// every response, including those the filters after it make. Lua and buffer run last before
// the router, on requests the others let through.
export const HTTP_FILTER_ORDER = ["compressor", "grpc_web", "cors", "lua", "buffer", "router"] as const;

/**
 * PROXY protocol first: it rewrites the connection's addresses that later filters read, and its
 * header comes before the TLS ClientHello that tls_inspector reads.
 */
export const LISTENER_FILTER_ORDER = ["proxy_protocol", "tls_inspector"] as const;

export type HttpFilterSlot = (typeof HTTP_FILTER_ORDER)[number];
export type ListenerFilterSlot = (typeof LISTENER_FILTER_ORDER)[number];

/** Position of a slot, for sorting. */
export function httpFilterPosition(slot: HttpFilterSlot): number {
  return HTTP_FILTER_ORDER.indexOf(slot);
}

export function listenerFilterPosition(slot: ListenerFilterSlot): number {
  return LISTENER_FILTER_ORDER.indexOf(slot);
}
