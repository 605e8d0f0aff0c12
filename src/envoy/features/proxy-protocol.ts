// PROXY protocol (a Listener whose protocolStack starts with PROXY): the listener filter reads
// the client's address from the header a load balancer in front sends before the request.
import { ProxyProtocolSchema } from "#gen/envoy/extensions/filters/listener/proxy_protocol/v3/proxy_protocol_pb.js";
import { typed } from "../values.js";
import type { Feature } from "./feature.js";

export const proxyProtocol: Feature = {
  name: "proxy-protocol",
  goldenCases: ["feature-proxy-protocol"],
  listenerFilter: {
    slot: "proxy_protocol",
    name: "envoy.filters.listener.proxy_protocol",
    onListener: (l) => (l.useProxyProtocol ? typed(ProxyProtocolSchema) : undefined),
  },
};
