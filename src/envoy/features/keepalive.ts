// Mapping `keepalive`: TCP keepalive on upstream connections.
import type { Feature } from "./feature.js";
import { compact } from "../values.js";
import type { TcpKeepaliveJson } from "#gen/envoy/config/core/v3/address_pb.js";

export const keepalive: Feature = {
  name: "keepalive",
  goldenCases: ["mapping-cluster-settings"],
  cluster: (c) => {
    const k = c.options?.keepalive;
    if (!k) return {};
    return { upstreamConnectionOptions: { tcpKeepalive: compact<TcpKeepaliveJson>({ keepaliveProbes: k.probes, keepaliveTime: k.timeS, keepaliveInterval: k.intervalS }) } };
  },
};
