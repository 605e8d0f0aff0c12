// `respect_dns_ttl` (re-resolve when the record expires, not on Envoy's fixed timer) and
// `stats_name` (the name the cluster's statistics carry).
import type { Feature } from "./feature.js";

export const clusterDnsStats: Feature = {
  name: "cluster-dns-stats",
  goldenCases: ["mapping-cluster-settings"],
  cluster: (c) => ({
    ...(c.options?.respectDnsTtl && c.discovery === "STRICT_DNS" ? { respectDnsTtl: true } : {}),
    ...(c.options?.statsName !== undefined ? { altStatName: c.options.statsName } : {}),
  }),
};
