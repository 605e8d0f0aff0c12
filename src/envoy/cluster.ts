// IR cluster -> Envoy Cluster (and its ClusterLoadAssignment for EDS clusters). Endpoint churn
// lives in EDS only, so a moved endpoint never rewrites a cluster or its connection pools.
import type { IRCluster } from "../ir/types.js";
import type { JsonObject } from "./types.js";
import { upstreamTlsSocket } from "./tls.js";
import { ADS_CONFIG_SOURCE, compact, duration, socketAddress } from "./values.js";

export function clusterJson(c: IRCluster): JsonObject {
  return compact({
    name: c.name,
    type: c.discovery,
    connectTimeout: duration(c.connectTimeoutMs),
    edsClusterConfig: c.discovery === "EDS" ? { edsConfig: ADS_CONFIG_SOURCE } : undefined,
    dnsLookupFamily: c.discovery === "STRICT_DNS" ? "V4_ONLY" : undefined,
    loadAssignment: c.discovery === "STRICT_DNS" ? loadAssignmentJson(c.name, [{ address: c.host, port: c.port }]) : undefined,
    transportSocket: c.tls ? upstreamTlsSocket(c.upstreamTls ?? { alpn: [], params: {} }) : undefined,
  });
}

export function loadAssignmentJson(clusterName: string, endpoints: readonly { address: string; port: number }[]): JsonObject {
  return compact({
    clusterName,
    endpoints: endpoints.length
      ? [{
          // Locality and weights are optional for Envoy but required by other xDS clients (gRPC).
          locality: {},
          lbEndpoints: endpoints.map((e) => ({ endpoint: { address: socketAddress(e.address, e.port) }, loadBalancingWeight: 1 })),
          loadBalancingWeight: 1,
        }]
      : undefined,
  });
}
