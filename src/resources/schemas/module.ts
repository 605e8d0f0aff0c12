// Module spec. Only the Module named `ambassador` is interpreted; its `config` holds the
// global settings listed in the Ambassador docs (connection manager, filters, Mapping defaults).
import {
  bool, durationMs, freeObject, int, list, nonNegInt, obj, polymorphic, str, strEnum,
} from "./builders.js";
import {
  ambassadorId, circuitBreakers, cors, errorResponseOverrides, keepalive, loadBalancer,
  retryPolicy,
} from "./common.js";
import type { StructuralSchema } from "./schema-type.js";

const ipRule = obj({ peer: str({ maxLength: 64 }), remote: str({ maxLength: 64 }) });

const moduleConfig = obj({
  // Connection manager
  use_remote_address: bool(),
  xff_num_trusted_hops: nonNegInt(),
  server_name: str({ maxLength: 256 }),
  enable_http10: bool(),
  listener_idle_timeout_ms: durationMs(),
  max_request_headers_kb: int({ minimum: 1, maximum: 8192 }),
  allow_chunked_length: bool(),
  headers_with_underscores_action: strEnum("ALLOW", "REJECT_REQUEST", "DROP_HEADER"),
  strip_matching_host_port: bool(),
  merge_slashes: bool(),
  normalize_path: bool(),
  request_headers_timeout_ms: durationMs(),
  stream_idle_timeout_ms: durationMs(),
  request_timeout_ms: durationMs(),
  buffer_limit_bytes: nonNegInt({ minimum: 1024 }),
  reject_requests_with_escaped_slashes: bool(),
  preserve_external_request_id: bool(),
  suppress_envoy_headers: bool(),
  forward_client_cert_details: strEnum(
    "SANITIZE", "FORWARD_ONLY", "APPEND_FORWARD", "SANITIZE_SET", "ALWAYS_FORWARD_ONLY",
  ),
  set_current_client_cert_details: obj({
    subject: bool(), cert: bool(), chain: bool(), dns: bool(), uri: bool(),
  }),
  proper_case: bool(),
  header_case_overrides: list(str({ maxLength: 256 })),
  use_proxy_proto: bool(),
  x_forwarded_proto_redirect: bool(),
  add_linkerd_headers: bool(),
  // Filters
  gzip: obj({
    enabled: bool(),
    min_content_length: nonNegInt(),
    content_type: list(str({ maxLength: 256 })),
    memory_level: int({ minimum: 1, maximum: 9 }),
    compression_level: strEnum("BEST", "BEST_COMPRESSION", "SPEED", "BEST_SPEED", "DEFAULT", "DEFAULT_COMPRESSION"),
    compression_strategy: strEnum("DEFAULT", "DEFAULT_STRATEGY", "FILTERED", "HUFFMAN", "HUFFMAN_ONLY", "RLE", "FIXED"),
    window_bits: int({ minimum: 9, maximum: 15 }),
    disable_on_etag_header: bool(),
    remove_accept_encoding_header: bool(),
  }),
  buffer: obj({ max_request_bytes: int({ minimum: 1 }) }, ["max_request_bytes"]),
  lua_scripts: str(),
  enable_grpc_web: bool(),
  enable_grpc_http11_bridge: bool(),
  grpc_stats: obj({
    all_methods: bool(),
    upstream_stats: bool(),
    services: list(obj({ name: str({ maxLength: 1024 }), method_names: list(str({ maxLength: 1024 })) }, ["name"])),
  }),
  ip_allow: list(ipRule),
  ip_deny: list(ipRule),
  cors,
  // Defaults for Mappings
  retry_policy: retryPolicy,
  circuit_breakers: circuitBreakers,
  load_balancer: loadBalancer,
  keepalive,
  resolver: str({ maxLength: 253 }),
  cluster_request_timeout_ms: durationMs(),
  cluster_idle_timeout_ms: durationMs(),
  cluster_max_connection_lifetime_ms: durationMs(),
  default_label_domain: str({ maxLength: 256 }),
  default_labels: freeObject("Default rate-limit descriptor groups, by domain."),
  regex_max_size: int({ minimum: 1 }),
  regex_type: strEnum("safe", "unsafe"),
  // Operations
  diagnostics: obj({ enabled: bool(), allow_non_local: bool() }),
  envoy_log_type: strEnum("text", "json", "typed_json"),
  envoy_log_format: polymorphic("A text format string, or a map of JSON field -> format (json / typed_json)."),
  envoy_log_path: str({ maxLength: 4096 }),
  error_response_overrides: errorResponseOverrides,
  liveness_probe: obj({ enabled: bool() }),
  readiness_probe: obj({ enabled: bool() }),
});

export const moduleSchema: StructuralSchema = obj({
  config: moduleConfig,
  ambassador_id: ambassadorId,
});
