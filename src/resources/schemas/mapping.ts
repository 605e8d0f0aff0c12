// Mapping (HTTP route) spec: every field Ambassador documents, including the ones the IR does
// not interpret yet, so none of them is reported as unknown.
import {
  bool, duration, durationMs, freeObject, int, list, map, nonNegInt, obj, polymorphic, str, strEnum,
  stringMap,
} from "./builders.js";
import {
  ambassadorId, circuitBreakers, cors, errorResponseOverrides, headersToAdd, headersToRemove,
  keepalive, loadBalancer, retryPolicy,
} from "./common.js";
import type { StructuralSchema } from "./schema-type.js";

const matchValue = polymorphic("An exact value, or `true` to require presence only.");

const regexRewrite = obj({ pattern: str(), substitution: str() }, ["pattern", "substitution"]);

const healthCheck = obj({
  timeout: duration(),
  interval: duration(),
  unhealthy_threshold: nonNegInt(),
  healthy_threshold: nonNegInt(),
  health_check: obj({
    http: obj(
      {
        path: str(),
        hostname: str({ maxLength: 253 }),
        add_request_headers: headersToAdd,
        remove_request_headers: headersToRemove,
        expected_statuses: list(
          obj(
            { min: int({ minimum: 100, maximum: 599 }), max: int({ minimum: 100, maximum: 599 }) },
            ["min", "max"],
          ),
        ),
      },
      ["path"],
    ),
    grpc: obj({ upstream_name: str(), authority: str({ maxLength: 253 }) }, ["upstream_name"]),
  }),
});

export const mappingSchema: StructuralSchema = obj(
  {
    // Match
    prefix: str({ minLength: 1 }),
    prefix_regex: bool(),
    prefix_exact: bool(),
    case_sensitive: bool(),
    method: str({ maxLength: 4096 }),
    method_regex: bool(),
    headers: map(matchValue),
    regex_headers: map(str()),
    query_parameters: map(matchValue),
    regex_query_parameters: map(str()),
    hostname: str({ maxLength: 4096 }),
    host: str(),
    host_regex: bool(),
    precedence: int(),
    // Target
    service: str({ minLength: 1, maxLength: 4096 }),
    resolver: str({ maxLength: 253 }),
    weight: int({ minimum: 0, maximum: 100 }),
    cluster_tag: str({ maxLength: 256 }),
    stats_name: str({ maxLength: 256 }),
    tls: str({ maxLength: 253 }),
    grpc: bool(),
    dns_type: strEnum("strict_dns", "logical_dns"),
    respect_dns_ttl: bool(),
    enable_ipv4: bool(),
    enable_ipv6: bool(),
    load_balancer: loadBalancer,
    keepalive,
    circuit_breakers: circuitBreakers,
    health_checks: list(healthCheck),
    // Rewrites and headers
    rewrite: str(),
    regex_rewrite: regexRewrite,
    host_rewrite: str({ maxLength: 4096 }),
    auto_host_rewrite: bool(),
    add_request_headers: headersToAdd,
    add_response_headers: headersToAdd,
    remove_request_headers: headersToRemove,
    remove_response_headers: headersToRemove,
    add_linkerd_headers: bool(),
    // Timeouts
    timeout_ms: durationMs(),
    idle_timeout_ms: durationMs(),
    connect_timeout_ms: durationMs({ minimum: 1 }),
    cluster_idle_timeout_ms: durationMs(),
    cluster_max_connection_lifetime_ms: durationMs(),
    // Policies
    retry_policy: retryPolicy,
    cors,
    allow_upgrade: list(str({ maxLength: 256 })),
    use_websocket: bool(),
    shadow: bool(),
    bypass_auth: bool(),
    auth_context_extensions: stringMap(),
    labels: freeObject("Rate-limit descriptor groups, by domain."),
    priority: strEnum("default", "high"),
    // Redirects
    host_redirect: bool(),
    path_redirect: str(),
    prefix_redirect: str(),
    regex_redirect: regexRewrite,
    // 0 means "the default" (301), as Ambassador reads it.
    redirect_response_code: { type: "integer", enum: [0, 301, 302, 303, 307, 308] },
    // Error pages
    error_response_overrides: errorResponseOverrides,
    bypass_error_response_overrides: bool(),
    // Informational
    docs: obj({
      path: str(),
      url: str(),
      ignored: bool(),
      display_name: str({ maxLength: 256 }),
      timeout_ms: durationMs(),
    }),
    envoy_override: freeObject("Raw Envoy route fields merged into the generated route."),
    ambassador_id: ambassadorId,
  },
  ["prefix", "service"],
);
