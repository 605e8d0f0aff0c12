// IR cluster -> Envoy Cluster (and its ClusterLoadAssignment for EDS clusters). Endpoint churn
// lives in EDS only, so a moved endpoint never rewrites a cluster or its connection pools.
import type { ClusterJson } from "#gen/envoy/config/cluster/v3/cluster_pb.js";
import type { ClusterLoadAssignmentJson } from "#gen/envoy/config/endpoint/v3/endpoint_pb.js";
import type { IRCluster } from "../ir/types.js";
import { clusterFields, DEFAULT_FEATURES, type FeatureSet } from "./features/registry.js";
import { secretNames, upstreamTlsSocket } from "./tls.js";
import { ADS_CONFIG_SOURCE, compact, duration, socketAddress } from "./values.js";

/** The cluster's core (discovery, endpoints, TLS), then what the features add (features/registry.ts). */
export function clusterJson(c: IRCluster, features: FeatureSet = DEFAULT_FEATURES): ClusterJson {
  const dns = c.discovery === "STRICT_DNS";
  return compact({
    name: c.name,
    type: dns && c.options?.logicalDns ? "LOGICAL_DNS" : c.discovery,
    connectTimeout: duration(c.connectTimeoutMs),
    edsClusterConfig: c.discovery === "EDS" ? { edsConfig: ADS_CONFIG_SOURCE } : undefined,
    dnsLookupFamily: dns ? dnsFamily(c) : undefined,
    loadAssignment: dns ? loadAssignmentJson(c.name, [{ address: c.host, port: c.port }]) : undefined,
    transportSocket: c.tls ? upstreamTlsSocket(c.upstreamTls ?? { alpn: [], params: {} }) : undefined,
    ...clusterFields(features, c),
  });
}

// AUTO is Envoy's default, which canonical JSON omits.
function dnsFamily(c: IRCluster): ClusterJson["dnsLookupFamily"] {
  const family = c.options?.ipFamily ?? "V4_ONLY";
  return family === "AUTO" ? undefined : family;
}

/** The SDS secrets a cluster uses (client certificate, CA), sorted: its `secretRefs`. */
export function clusterSecrets(c: IRCluster): string[] {
  return c.upstreamTls ? secretNames(c.upstreamTls) : [];
}

export function loadAssignmentJson(clusterName: string, endpoints: readonly { address: string; port: number }[]): ClusterLoadAssignmentJson {
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
