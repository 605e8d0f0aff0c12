// The fields attache validates but does not act on yet, with the reason, so none of them is
// silently dropped: each one set gets a warning naming it. docs/fields.md lists every field of
// every kind with its state; test/unit/docs/fields.test.ts holds this table and that one to
// each other (a "not supported" row here, a warning there).
import { warning, type Issue } from "./issue.js";
import type { KindName } from "./schemas/index.js";
import { isPlainObject } from "./values.js";

const NOT_BUILT = "the filter is not built yet";
const HCM = "this connection-manager setting is not applied yet";
const NO_AUTH = "no effect until external authentication (AuthService) is built";
const NO_RATE_LIMITS = "kept for rate limiting, which is not built yet";

/** Field path under `spec` (Module: under `spec.config`) -> why it is not acted on. */
export const NOT_ACTED_ON: Readonly<Partial<Record<KindName, Readonly<Record<string, string>>>>> = {
  Mapping: {
    bypass_auth: NO_AUTH,
    auth_context_extensions: NO_AUTH,
    labels: NO_RATE_LIMITS,
    error_response_overrides: "error response overrides are not built yet",
    bypass_error_response_overrides: "error response overrides are not built yet",
    envoy_override: "raw Envoy route fields are not merged into routes",
  },
  Module: {
    allow_chunked_length: HCM,
    preserve_external_request_id: HCM,
    suppress_envoy_headers: "the router's setting is not applied yet",
    proper_case: HCM,
    header_case_overrides: HCM,
    use_proxy_proto: "use a Listener whose protocolStack starts with PROXY",
    x_forwarded_proto_redirect: HCM,
    enable_grpc_http11_bridge: NOT_BUILT,
    grpc_stats: NOT_BUILT,
    default_label_domain: NO_RATE_LIMITS,
    default_labels: NO_RATE_LIMITS,
    regex_type: "Envoy v3 has only RE2 (safe) regexes",
    diagnostics: "use the --diag flags of attache run",
    envoy_log_type: "access logs are not configured yet",
    envoy_log_format: "access logs are not configured yet",
    envoy_log_path: "access logs are not configured yet",
    error_response_overrides: "error response overrides are not built yet",
    liveness_probe: "check_alive is always served",
    readiness_probe: "check_ready is always served",
  },
};

/** A warning for each field of `spec` that is set and not acted on. */
export function notActedOn(kind: KindName, spec: unknown): Issue[] {
  const table = NOT_ACTED_ON[kind];
  if (!table || !isPlainObject(spec)) return [];
  const base = kind === "Module" ? ["spec", "config"] : ["spec"];
  const fields = kind === "Module" ? spec["config"] : spec;
  if (!isPlainObject(fields)) return [];
  return Object.keys(fields)
    .filter((f) => Object.hasOwn(table, f))
    .sort()
    .map((f) => warning([...base, f], `not supported yet by attache (ignored): ${table[f]}`));
}
