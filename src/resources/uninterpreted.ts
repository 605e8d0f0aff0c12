// Fields the schemas validate (so none is reported as unknown) that nothing after the resources
// stage interprets yet; attache warns about each one set (see docs/field-support). A feature
// that starts acting on a field moves it into the main interface in types.ts and gives it a
// precise type. test/unit/resources/spec-types.test.ts keeps these interfaces and the schemas
// in agreement: the same field names, the same JSON types.

type JsonMap = Readonly<Record<string, unknown>>;

export interface MappingSpecUninterpreted {
  readonly bypass_auth?: boolean;
  readonly auth_context_extensions?: Readonly<Record<string, string>>;
  readonly labels?: JsonMap;
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
  readonly enable_grpc_http11_bridge?: boolean;
  readonly grpc_stats?: JsonMap;
  readonly ip_allow?: readonly JsonMap[];
  readonly ip_deny?: readonly JsonMap[];
  readonly default_label_domain?: string;
  readonly default_labels?: JsonMap;
  readonly regex_type?: "safe" | "unsafe";
  readonly envoy_log_type?: "text" | "json" | "typed_json";
  readonly envoy_log_format?: string | JsonMap;
  readonly envoy_log_path?: string;
  readonly error_response_overrides?: readonly JsonMap[];
  readonly liveness_probe?: JsonMap;
  readonly readiness_probe?: JsonMap;
}
