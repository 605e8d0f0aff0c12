// The kind schemas must stay valid Kubernetes structural schemas: a later issue turns exactly
// these objects into CRDs, and the API server must judge a manifest as attache does.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Ajv } from "ajv";
import { documentSchema, KIND_SCHEMAS } from "../../../src/resources/schemas/index.js";
import type { StructuralSchema } from "../../../src/resources/schemas/schema-type.js";

const ALLOWED_KEYS = new Set([
  "type", "description", "properties", "additionalProperties", "items", "required", "enum",
  "minimum", "maximum", "minLength", "maxLength", "pattern", "minItems", "maxItems",
  "maxProperties", "x-kubernetes-preserve-unknown-fields", "x-kubernetes-int-or-string",
]);

/** Every structural-schema violation found under `node`, as "path: problem". */
function structuralProblems(node: StructuralSchema, path: string, out: string[]): string[] {
  for (const k of Object.keys(node)) if (!ALLOWED_KEYS.has(k)) out.push(`${path}: keyword ${k} not allowed`);
  const free = node["x-kubernetes-preserve-unknown-fields"] === true || node["x-kubernetes-int-or-string"] === true;
  if (node.type === undefined && !free) out.push(`${path}: has no type`);
  if (node.properties && node.additionalProperties) out.push(`${path}: both properties and additionalProperties`);
  if (node.type === "array" && !node.items) out.push(`${path}: array without items`);
  if (node.type === "object" && !node.properties && !node.additionalProperties && !free && path !== "$.metadata") {
    out.push(`${path}: object without properties would be pruned empty`);
  }
  if (node.type !== "object" && (node.properties || node.additionalProperties)) out.push(`${path}: properties on a non-object`);
  for (const r of node.required ?? []) if (!node.properties?.[r]) out.push(`${path}: required ${r} is not a property`);
  for (const v of node.enum ?? []) {
    const ok = node.type === "string" ? typeof v === "string" : node.type === "integer" ? Number.isInteger(v) : false;
    if (!ok) out.push(`${path}: enum value ${String(v)} does not match type ${String(node.type)}`);
  }
  if (node.pattern !== undefined) new RegExp(node.pattern, "u");
  if ((node.minimum !== undefined || node.maximum !== undefined) && node.type !== "integer" && node.type !== "number") {
    out.push(`${path}: minimum/maximum on ${String(node.type)}`);
  }
  if ((node.maxLength !== undefined || node.pattern !== undefined) && node.type !== "string") out.push(`${path}: string bound on ${String(node.type)}`);
  for (const [k, sub] of Object.entries(node.properties ?? {})) structuralProblems(sub, `${path}.${k}`, out);
  if (node.additionalProperties) structuralProblems(node.additionalProperties, `${path}.*`, out);
  if (node.items) structuralProblems(node.items, `${path}[]`, out);
  return out;
}

for (const [kind, { spec }] of Object.entries(KIND_SCHEMAS)) {
  test(`${kind} schema is a structural schema`, () => {
    assert.deepEqual(structuralProblems(documentSchema(spec), "$", []), []);
  });

  test(`${kind} schema compiles under ajv strict mode`, () => {
    const ajv = new Ajv({ strict: true, allErrors: true });
    ajv.addKeyword({ keyword: "x-kubernetes-preserve-unknown-fields", schemaType: "boolean" });
    ajv.addKeyword({ keyword: "x-kubernetes-int-or-string", schemaType: "boolean" });
    assert.doesNotThrow(() => ajv.compile(documentSchema(spec) as object));
  });
}

test("the structural check itself catches violations", () => {
  const bad = {
    type: "object",
    properties: { a: {}, b: { type: "array" }, c: { type: "string", enum: [1] } },
    required: ["z"],
  } as unknown as StructuralSchema;
  assert.deepEqual(structuralProblems(bad, "$", []), [
    "$: required z is not a property",
    "$.a: has no type",
    "$.b: array without items",
    "$.c: enum value 1 does not match type string",
  ]);
});

/** The Mapping fields listed in ambassador-semantics.md; none of them may be reported unknown. */
const DOCUMENTED_MAPPING_FIELDS = [
  "prefix", "prefix_regex", "prefix_exact", "case_sensitive", "method", "method_regex", "headers",
  "regex_headers", "query_parameters", "regex_query_parameters", "hostname", "host", "host_regex",
  "precedence", "service", "resolver", "weight", "cluster_tag", "stats_name", "tls", "grpc",
  "dns_type", "respect_dns_ttl", "enable_ipv4", "enable_ipv6", "load_balancer", "keepalive",
  "circuit_breakers", "health_checks", "rewrite", "regex_rewrite", "host_rewrite",
  "auto_host_rewrite", "add_request_headers", "add_response_headers", "remove_request_headers",
  "remove_response_headers", "timeout_ms", "idle_timeout_ms", "connect_timeout_ms",
  "cluster_idle_timeout_ms", "cluster_max_connection_lifetime_ms", "retry_policy", "cors",
  "allow_upgrade", "use_websocket", "shadow", "bypass_auth", "auth_context_extensions", "labels",
  "priority", "host_redirect", "path_redirect", "prefix_redirect", "regex_redirect",
  "redirect_response_code", "error_response_overrides", "bypass_error_response_overrides", "docs",
  "ambassador_id",
];

const DOCUMENTED_MODULE_CONFIG = [
  "use_remote_address", "xff_num_trusted_hops", "server_name", "enable_http10",
  "listener_idle_timeout_ms", "max_request_headers_kb", "allow_chunked_length",
  "headers_with_underscores_action", "strip_matching_host_port", "merge_slashes",
  "reject_requests_with_escaped_slashes", "preserve_external_request_id", "suppress_envoy_headers",
  "forward_client_cert_details", "set_current_client_cert_details", "proper_case",
  "header_case_overrides", "use_proxy_proto", "x_forwarded_proto_redirect", "gzip", "buffer",
  "lua_scripts", "enable_grpc_web", "enable_grpc_http11_bridge", "grpc_stats", "ip_allow", "ip_deny",
  "cors", "retry_policy", "circuit_breakers", "load_balancer", "keepalive", "resolver",
  "cluster_request_timeout_ms", "cluster_idle_timeout_ms", "cluster_max_connection_lifetime_ms",
  "default_label_domain", "default_labels", "regex_max_size", "diagnostics", "envoy_log_type",
  "envoy_log_format", "envoy_log_path", "error_response_overrides",
];

test("every documented Mapping field is in the Mapping schema", () => {
  const props = Object.keys(KIND_SCHEMAS.Mapping.spec.properties ?? {});
  assert.deepEqual(DOCUMENTED_MAPPING_FIELDS.filter((f) => !props.includes(f)), []);
});

test("every documented Module config key is in the Module schema", () => {
  const props = Object.keys(KIND_SCHEMAS.Module.spec.properties?.config?.properties ?? {});
  assert.deepEqual(DOCUMENTED_MODULE_CONFIG.filter((f) => !props.includes(f)), []);
});
