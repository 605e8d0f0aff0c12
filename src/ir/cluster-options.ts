// A Mapping's upstream settings (load balancer, circuit breakers, keepalive, health checks,
// connection timeouts, DNS, HTTP/2, stats name, tag), each falling back to the Module's
// default where Ambassador has one. Distinct settings make distinct clusters (clusters.ts).
import type { CircuitBreakerSpec, HealthCheckSpec, Mapping, UpstreamDefaults } from "../resources/types.js";
import { compareStrings } from "../util/compare.js";
import { durationMs } from "./durations.js";
import { withoutUndefined } from "./without-undefined.js";
import type { IRCircuitBreaker, IRClusterOptions, IRHealthCheck } from "./types.js";

const LB_POLICY = { least_request: "LEAST_REQUEST", ring_hash: "RING_HASH", maglev: "MAGLEV" } as const;

/** undefined when nothing beyond the common settings is set. */
export function clusterOptionsFor(m: Mapping, defaults: UpstreamDefaults = {}): IRClusterOptions | undefined {
  const s = m.spec;
  const lb = s.load_balancer ?? defaults.load_balancer;
  const breakers = s.circuit_breakers ?? defaults.circuit_breakers;
  const keepalive = s.keepalive ?? defaults.keepalive;
  const options: IRClusterOptions = {
    // Round robin is Envoy's default: asking for it explicitly must not split a cluster off.
    lbPolicy: lb && lb.policy !== "round_robin" ? LB_POLICY[lb.policy] : undefined,
    circuitBreakers: breakers?.length ? breakers.map(circuitBreaker).sort((a, b) => compareStrings(a.priority, b.priority)) : undefined,
    keepalive: keepalive ? { probes: keepalive.probes, timeS: keepalive.idle_time, intervalS: keepalive.interval } : undefined,
    // Only the first: see checkHealthChecks in resources/checks/mapping.ts.
    healthChecks: s.health_checks?.length ? s.health_checks.slice(0, 1).map(healthCheck) : undefined,
    idleTimeoutMs: s.cluster_idle_timeout_ms ?? defaults.cluster_idle_timeout_ms,
    maxConnectionLifetimeMs: s.cluster_max_connection_lifetime_ms ?? defaults.cluster_max_connection_lifetime_ms,
    http2: s.grpc === true ? true : undefined,
    logicalDns: s.dns_type === "logical_dns" ? true : undefined,
    respectDnsTtl: s.respect_dns_ttl === true ? true : undefined,
    ipFamily: ipFamily(s.enable_ipv4, s.enable_ipv6),
    statsName: s.stats_name,
    tag: s.cluster_tag,
  };
  return Object.values(options).some((v) => v !== undefined) ? withoutUndefined(options) : undefined;
}

// Ambassador's default is IPv4 only; both families let Envoy pick (AUTO prefers IPv6).
function ipFamily(v4: boolean | undefined, v6: boolean | undefined): IRClusterOptions["ipFamily"] {
  if (v6 !== true) return undefined;
  return v4 === false ? "V6_ONLY" : "AUTO";
}

function circuitBreaker(c: CircuitBreakerSpec): IRCircuitBreaker {
  return {
    priority: c.priority === "high" ? "HIGH" : "DEFAULT",
    maxConnections: c.max_connections,
    maxPendingRequests: c.max_pending_requests,
    maxRequests: c.max_requests,
    maxRetries: c.max_retries,
  };
}

// Ambassador's health-check defaults: 3s timeout, 5s interval, 2 failures out, 1 success back.
function healthCheck(h: HealthCheckSpec): IRHealthCheck {
  const http = h.health_check?.http;
  const grpc = h.health_check?.grpc;
  return {
    timeoutMs: h.timeout !== undefined ? durationMs(h.timeout) : 3000,
    intervalMs: h.interval !== undefined ? durationMs(h.interval) : 5000,
    unhealthyThreshold: h.unhealthy_threshold ?? 2,
    healthyThreshold: h.healthy_threshold ?? 1,
    http: http ? {
      path: http.path,
      host: http.hostname,
      addHeaders: Object.entries(http.add_request_headers ?? {}).map(([name, v]) => ({ name, ...v })).sort((a, b) => compareStrings(a.name, b.name)),
      removeHeaders: [...(http.remove_request_headers ?? [])].sort(compareStrings),
      expectedStatuses: (http.expected_statuses ?? []).map((r) => ({ start: r.min, end: r.max + 1 })),
    } : undefined,
    grpc: grpc ? { serviceName: grpc.upstream_name, authority: grpc.authority } : undefined,
  };
}
