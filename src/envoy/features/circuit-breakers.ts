// Mapping `circuit_breakers`: per-priority connection and request limits on the cluster;
// beyond them Envoy answers 503 at once instead of queueing.
import type { Feature } from "./feature.js";
import { compact } from "../values.js";
import type { CircuitBreakers_ThresholdsJson } from "#gen/envoy/config/cluster/v3/circuit_breaker_pb.js";

export const circuitBreakers: Feature = {
  name: "circuit-breakers",
  goldenCases: ["mapping-cluster-settings", "module-upstream-defaults"],
  cluster: (c) => (c.options?.circuitBreakers ? {
    circuitBreakers: {
      thresholds: c.options.circuitBreakers.map((b) => compact<CircuitBreakers_ThresholdsJson>({
        priority: b.priority === "HIGH" ? "HIGH" : undefined,
        maxConnections: b.maxConnections,
        maxPendingRequests: b.maxPendingRequests,
        maxRequests: b.maxRequests,
        maxRetries: b.maxRetries,
      })),
    },
  } : {}),
};
