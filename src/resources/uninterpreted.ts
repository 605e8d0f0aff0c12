// Fields the schemas validate (so none is reported as unknown) that nothing after the resources
// stage interprets yet; attache warns about each one set (see docs/field-support). A feature
// that starts acting on a field moves it into the main interface in types.ts and gives it a
// precise type. test/unit/resources/spec-types.test.ts keeps these interfaces and the schemas
// in agreement: the same field names, the same JSON types.
import type { RegexRewrite } from "./types.js";

type JsonMap = Readonly<Record<string, unknown>>;

export interface MappingSpecUninterpreted {
  readonly cluster_tag?: string;
  readonly stats_name?: string;
  readonly grpc?: boolean;
  readonly dns_type?: "strict_dns" | "logical_dns";
  readonly respect_dns_ttl?: boolean;
  readonly enable_ipv4?: boolean;
  readonly enable_ipv6?: boolean;
  readonly load_balancer?: JsonMap;
  readonly keepalive?: JsonMap;
  readonly circuit_breakers?: readonly JsonMap[];
  readonly health_checks?: readonly JsonMap[];
  readonly auto_host_rewrite?: boolean;
  readonly add_linkerd_headers?: boolean;
  readonly cluster_idle_timeout_ms?: number;
  readonly cluster_max_connection_lifetime_ms?: number;
  readonly retry_policy?: JsonMap;
  readonly cors?: JsonMap;
  readonly allow_upgrade?: readonly string[];
  readonly use_websocket?: boolean;
  readonly shadow?: boolean;
  readonly bypass_auth?: boolean;
  readonly auth_context_extensions?: Readonly<Record<string, string>>;
  readonly labels?: JsonMap;
  readonly priority?: "default" | "high";
  readonly host_redirect?: boolean;
  readonly path_redirect?: string;
  readonly prefix_redirect?: string;
  readonly regex_redirect?: RegexRewrite;
  readonly redirect_response_code?: number;
  readonly error_response_overrides?: readonly JsonMap[];
  readonly bypass_error_response_overrides?: boolean;
  readonly docs?: JsonMap;
  readonly envoy_override?: JsonMap;
}

export interface ModuleConfigUninterpreted {
  readonly allow_chunked_length?: boolean;
  readonly preserve_external_request_id?: boolean;
  readonly suppress_envoy_headers?: boolean;
  readonly proper_case?: boolean;
  readonly header_case_overrides?: readonly string[];
  readonly use_proxy_proto?: boolean;
  readonly x_forwarded_proto_redirect?: boolean;
  readonly add_linkerd_headers?: boolean;
  readonly gzip?: JsonMap;
  readonly buffer?: JsonMap;
  readonly lua_scripts?: string;
  readonly enable_grpc_web?: boolean;
  readonly enable_grpc_http11_bridge?: boolean;
  readonly grpc_stats?: JsonMap;
  readonly ip_allow?: readonly JsonMap[];
  readonly ip_deny?: readonly JsonMap[];
  readonly cors?: JsonMap;
  readonly retry_policy?: JsonMap;
  readonly circuit_breakers?: readonly JsonMap[];
  readonly load_balancer?: JsonMap;
  readonly keepalive?: JsonMap;
  readonly cluster_max_connection_lifetime_ms?: number;
  readonly default_label_domain?: string;
  readonly default_labels?: JsonMap;
  readonly regex_type?: "safe" | "unsafe";
  readonly diagnostics?: JsonMap;
  readonly envoy_log_type?: "text" | "json";
  readonly envoy_log_format?: string;
  readonly envoy_log_path?: string;
  readonly error_response_overrides?: readonly JsonMap[];
  readonly liveness_probe?: JsonMap;
  readonly readiness_probe?: JsonMap;
}
