// Mapping `retry_policy` (or the Module's default): Envoy retries on the route, so changing it
// touches only the route, never the cluster.
import type { Feature } from "./feature.js";
import { compact, duration } from "../values.js";
import type { RetryPolicyJson } from "#gen/envoy/config/route/v3/route_components_pb.js";

export const retryPolicy: Feature = {
  name: "retry-policy",
  goldenCases: ["mapping-route-policies", "module-upstream-defaults"],
  action: (r) => {
    const p = r.retryPolicy;
    if (!p) return {};
    return {
      retryPolicy: compact<RetryPolicyJson>({
        retryOn: p.retryOn,
        numRetries: p.numRetries,
        perTryTimeout: p.perTryTimeoutMs !== undefined ? duration(p.perTryTimeoutMs) : undefined,
      }),
    };
  },
};
