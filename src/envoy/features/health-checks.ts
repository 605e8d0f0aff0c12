// Mapping `health_checks`: Envoy probes every endpoint (HTTP or gRPC) and takes failing ones
// out of rotation until they pass again.
import type { HealthCheckJson } from "#gen/envoy/config/core/v3/health_check_pb.js";
import type { IRHealthCheck } from "../../ir/types.js";
import { compact, duration } from "../values.js";
import type { Feature } from "./feature.js";

export const healthChecks: Feature = {
  name: "health-checks",
  goldenCases: ["mapping-cluster-settings"],
  cluster: (c) => (c.options?.healthChecks ? { healthChecks: c.options.healthChecks.map(healthCheckJson) } : {}),
};

function healthCheckJson(h: IRHealthCheck): HealthCheckJson {
  return compact<HealthCheckJson>({
    timeout: duration(h.timeoutMs),
    interval: duration(h.intervalMs),
    // Envoy probes a cluster that has seen no traffic only every 60 s by default: users set
    // `interval` to hear about a dead endpoint before their first request, not after it.
    noTrafficInterval: duration(h.intervalMs),
    unhealthyThreshold: h.unhealthyThreshold,
    healthyThreshold: h.healthyThreshold,
    httpHealthCheck: h.http ? compact({
      host: h.http.host,
      path: h.http.path,
      requestHeadersToAdd: h.http.addHeaders.length
        ? h.http.addHeaders.map((a) => (a.append === false ? { header: { key: a.name, value: a.value }, appendAction: "OVERWRITE_IF_EXISTS_OR_ADD" as const } : { header: { key: a.name, value: a.value } }))
        : undefined,
      requestHeadersToRemove: h.http.removeHeaders.length ? [...h.http.removeHeaders] : undefined,
      expectedStatuses: h.http.expectedStatuses.length ? h.http.expectedStatuses.map((r) => ({ start: String(r.start), end: String(r.end) })) : undefined,
    }) : undefined,
    grpcHealthCheck: h.grpc ? compact({ serviceName: h.grpc.serviceName, authority: h.grpc.authority }) : undefined,
  });
}
