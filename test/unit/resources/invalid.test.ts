// Each case is one kind of bad input; each must produce one specific diagnostic, naming the
// field and the line it is on, and the resource must be left out of the set.
import assert from "node:assert/strict";
import { test } from "node:test";
import { build, lines, mapping } from "./helpers.js";

interface Case {
  readonly name: string;
  readonly text: string;
  readonly field?: string;
  readonly line: number;
  readonly message: RegExp;
  readonly severity?: "error" | "warning";
  /** Whether the resource is still served (warnings only). */
  readonly kept?: boolean;
}

const M = (spec: string): string => mapping("bad", spec);
const L = (spec: string): string => `apiVersion: getambassador.io/v3alpha1\nkind: Listener\nmetadata:\n  name: l\nspec:\n${spec}`;
const MOD = (config: string): string => `apiVersion: getambassador.io/v3alpha1\nkind: Module\nmetadata:\n  name: ambassador\nspec:\n  config:\n${config}`;
const H = (spec: string): string => `apiVersion: getambassador.io/v3alpha1\nkind: Host\nmetadata:\n  name: h\nspec:\n${spec}`;

const cases: Case[] = [
  { name: "negative timeout", text: M("  prefix: /\n  service: s\n  timeout_ms: -1"), field: "spec.timeout_ms", line: 8, message: /^must be >= 0$/ },
  { name: "timeout not an integer", text: M("  prefix: /\n  service: s\n  timeout_ms: 1.5"), field: "spec.timeout_ms", line: 8, message: /^must be an integer$/ },
  { name: "missing service", text: M("  prefix: /"), field: "spec.service", line: 5, message: /^is required$/ },
  { name: "prefix without slash", text: M("  prefix: api\n  service: s"), field: "spec.prefix", line: 6, message: /must start with "\/"/ },
  { name: "lookahead in prefix_regex", text: M("  prefix: \"/(?=x)\"\n  prefix_regex: true\n  service: s"), field: "spec.prefix", line: 6, message: /invalid RE2 regex/ },
  { name: "backreference in regex_rewrite", text: M("  prefix: /\n  service: s\n  regex_rewrite:\n    pattern: \"(a)\\\\1\"\n    substitution: x"), field: "spec.regex_rewrite.pattern", line: 9, message: /invalid RE2 regex: invalid escape sequence/ },
  { name: "bad regex header", text: M("  prefix: /\n  service: s\n  regex_headers:\n    x-foo: \"[\""), field: "spec.regex_headers.x-foo", line: 9, message: /missing \]/ },
  { name: "regex too long", text: M(`  prefix: "/${"a".repeat(5000)}"\n  prefix_regex: true\n  service: s`), field: "spec.prefix", line: 6, message: /regex too long \(5001 characters, at most 4096\)/ },
  { name: "regex program over regex_max_size", text: M(`  prefix: "/(${"abcdefghijklmnopqrstuvwxyz".split("").map((c) => c.repeat(10)).join("|")})+/.*"\n  prefix_regex: true\n  service: s`), field: "spec.prefix", line: 6, message: /RE2 program size is at least 270, over regex_max_size 200/ },
  { name: "weight above 100", text: M("  prefix: /\n  service: s\n  weight: 101"), field: "spec.weight", line: 8, message: /^must be <= 100$/ },
  { name: "bad service port", text: M("  prefix: /\n  service: quote:99999"), field: "spec.service", line: 7, message: /port "99999"/ },
  { name: "bad service scheme", text: M("  prefix: /\n  service: grpc://quote"), field: "spec.service", line: 7, message: /unsupported scheme/ },
  { name: "bad header name to add", text: M("  prefix: /\n  service: s\n  add_request_headers:\n    \"bad header\": x"), field: "spec.add_request_headers.bad header", line: 9, message: /not a valid header name/ },
  { name: "pseudo-header to remove", text: M("  prefix: /\n  service: s\n  remove_request_headers:\n  - x-ok\n  - \":path\""), field: "spec.remove_request_headers[1]", line: 10, message: /pseudo-header/ },
  { name: "header value with newline", text: M("  prefix: /\n  service: s\n  add_response_headers:\n    x-a: \"a\\nb\""), field: "spec.add_response_headers.x-a", line: 9, message: /^must not contain control characters \(found U\+000A\)$/ },
  { name: "header to add is a list", text: M("  prefix: /\n  service: s\n  add_request_headers:\n    x-a: [1, 2]"), field: "spec.add_request_headers.x-a", line: 9, message: /must be a string or \{value/ },
  { name: "remove headers not strings", text: M("  prefix: /\n  service: s\n  remove_response_headers: {a: b}"), field: "spec.remove_response_headers", line: 8, message: /string or a list of strings/ },
  { name: "header match value a number list", text: M("  prefix: /\n  service: s\n  headers:\n    x-a: [1]"), field: "spec.headers.x-a", line: 9, message: /string, or true/ },
  { name: "enum in a list item", text: M("  prefix: /\n  service: s\n  circuit_breakers:\n  - max_connections: 1\n  - priority: low"), field: "spec.circuit_breakers[1].priority", line: 10, message: /^must be one of: default, high$/ },
  { name: "two redirects", text: M("  prefix: /\n  service: s\n  host_redirect: true\n  path_redirect: /a\n  prefix_redirect: /b"), field: "spec.prefix_redirect", line: 10, message: /set only one of path_redirect, prefix_redirect/ },
  { name: "health check with both http and grpc", text: M("  prefix: /\n  service: s\n  health_checks:\n  - health_check:\n      http: {path: /h}\n      grpc: {upstream_name: x}"), field: "spec.health_checks[0].health_check", line: 9, message: /exactly one of http, grpc/ },
  { name: "hash policy without ring_hash", text: M("  prefix: /\n  service: s\n  load_balancer:\n    policy: round_robin\n    header: x-user"), field: "spec.load_balancer.header", line: 10, message: /ring_hash or maglev/ },
  { name: "string too long", text: M(`  prefix: /\n  service: s\n  rewrite: "${"x".repeat(70000)}"`), field: "spec.rewrite", line: 8, message: /^must be at most 65536 characters$/ },
  { name: "too many headers", text: M(`  prefix: /\n  service: s\n  regex_headers:\n${Array.from({ length: 1001 }, (_, i) => `    h${i}: x`).join("\n")}`), field: "spec.regex_headers", line: 8, message: /^must have at most 1000 entries$/ },
  { name: "listener port out of range", text: L("  port: 70000\n  protocol: HTTP\n  securityModel: XFP"), field: "spec.port", line: 6, message: /^must be <= 65535$/ },
  { name: "listener without securityModel", text: L("  port: 8080\n  protocol: HTTP"), field: "spec.securityModel", line: 5, message: /^is required$/ },
  { name: "listener with protocol and stack", text: L("  port: 8080\n  protocol: HTTP\n  protocolStack: [HTTP, TCP]\n  securityModel: XFP"), field: "spec.protocolStack", line: 8, message: /set only one of protocol, protocolStack/ },
  { name: "listener without protocol", text: L("  port: 8080\n  securityModel: XFP"), field: "spec.protocol", line: 5, message: /one of protocol, protocolStack is required/ },
  { name: "listener stack out of order", text: L("  port: 8080\n  protocolStack: [HTTP, TLS, TCP]\n  securityModel: XFP"), field: "spec.protocolStack", line: 7, message: /in the order PROXY, TLS, HTTP/ },
  { name: "listener bad securityModel", text: L("  port: 8080\n  protocol: HTTP\n  securityModel: Secure"), field: "spec.securityModel", line: 8, message: /^must be one of: XFP, SECURE, INSECURE$/ },
  { name: "host with tls and tlsContext", text: H("  tlsContext: {name: ctx}\n  tls: {cert_required: true}"), field: "spec.tls", line: 7, message: /set only one of tlsContext, tls/ },
  { name: "host insecure action", text: H("  requestPolicy:\n    insecure:\n      action: Drop"), field: "spec.requestPolicy.insecure.action", line: 8, message: /^must be one of: Redirect, Reject, Route$/ },
  { name: "name not DNS-1123", text: "apiVersion: getambassador.io/v3alpha1\nkind: Mapping\nmetadata:\n  name: Bad_Name\nspec: {prefix: /, service: s}", field: "metadata.name", line: 4, message: /not a valid name/ },
  { name: "missing name", text: "apiVersion: getambassador.io/v3alpha1\nkind: Mapping\nmetadata:\n  namespace: x\nspec: {prefix: /, service: s}", field: "metadata.name", line: 3, message: /^is required$/ },
  { name: "label value not a string", text: "apiVersion: getambassador.io/v3alpha1\nkind: Mapping\nmetadata:\n  name: m\n  labels:\n    version: 2\nspec: {prefix: /, service: s}", field: "metadata.labels.version", line: 6, message: /must be a string/ },
  { name: "kind typo", text: "apiVersion: getambassador.io/v3alpha1\nkind: Maping\nmetadata: {name: m}\nspec: {prefix: /, service: s}", field: "kind", line: 2, message: /unknown kind "Maping"/ },
  { name: "unknown apiVersion", text: "apiVersion: getambassador.io/v4\nkind: Mapping\nmetadata: {name: m}", field: "apiVersion", line: 1, message: /unsupported apiVersion "getambassador.io\/v4"/ },
  { name: "document not a map", text: "- a\n- b", line: 1, message: /document must be a map/ },
  { name: "missing kind", text: "apiVersion: v1\nmetadata: {name: x}", field: "kind", line: 1, message: /^is required$/ },
  { name: "spec not a map", text: "apiVersion: getambassador.io/v3alpha1\nkind: Mapping\nmetadata: {name: m}\nspec: [1]", field: "spec", line: 4, message: /^must be a map$/ },
  { name: "service port not int-or-string", text: "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  ports:\n  - port: 80\n    targetPort: 1.5", field: "spec.ports[0].targetPort", line: 7, message: /integer or a string/ },
  { name: "ExternalName without externalName", text: "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  type: ExternalName", field: "spec.externalName", line: 4, message: /required when type is ExternalName/ },
  { name: "document nested too deep", text: `apiVersion: getambassador.io/v3alpha1\nkind: Mapping\nmetadata: {name: m}\nspec: {prefix: /, service: s, labels: ${"[".repeat(80)}${"]".repeat(80)}}`, line: 1, message: /nested more than 64 deep/ },
  { name: "unsupported later kind", text: "apiVersion: getambassador.io/v3alpha1\nkind: TCPMapping\nmetadata: {name: t}\nspec: {}", field: "kind", line: 2, message: /^unsupported kind TCPMapping \(ignored\)$/, severity: "warning" },
  { name: "unknown field", text: M("  prefix: /\n  service: s\n  timeout: 5"), field: "spec.timeout", line: 8, message: /unknown field \(ignored\)/, severity: "warning", kept: true },
  // Issue 16 item 1: values Envoy cannot take (or protobuf cannot encode) are refused here.
  { name: "timeout beyond an int64 of nanoseconds", text: M("  prefix: /\n  service: s\n  timeout_ms: 99999999999999999999"), field: "spec.timeout_ms", line: 8, message: /^must be <= 315576000000000$/ },
  { name: "idle timeout 1e300", text: M("  prefix: /\n  service: s\n  idle_timeout_ms: 1e300"), field: "spec.idle_timeout_ms", line: 8, message: /^must be <= 315576000000000$/ },
  { name: "timeout just over Envoy's Duration limit", text: M("  prefix: /\n  service: s\n  timeout_ms: 315576000000001"), field: "spec.timeout_ms", line: 8, message: /^must be <= 315576000000000$/ },
  { name: "connect timeout zero", text: M("  prefix: /\n  service: s\n  connect_timeout_ms: 0"), field: "spec.connect_timeout_ms", line: 8, message: /^must be >= 1$/ },
  { name: "uint32 count overflow", text: M("  prefix: /\n  service: s\n  circuit_breakers:\n  - max_connections: 4294967296"), field: "spec.circuit_breakers[0].max_connections", line: 9, message: /^must be <= 4294967295$/ },
  { name: "precedence beyond int32", text: M("  prefix: /\n  service: s\n  precedence: 3000000000"), field: "spec.precedence", line: 8, message: /^must be <= 2147483647$/ },
  { name: "duration string of 10^20 hours", text: M("  prefix: /\n  service: s\n  retry_policy:\n    per_try_timeout: 100000000000000000000h"), field: "spec.retry_policy.per_try_timeout", line: 9, message: /^must match/ },
  { name: "module timeout out of range", text: MOD("    cluster_request_timeout_ms: 1e30"), field: "spec.config.cluster_request_timeout_ms", line: 7, message: /^must be <= 315576000000000$/ },
  // Issue 16 item 11: control characters Envoy would NACK, caught before they reach it.
  { name: "NUL in a rewrite", text: M("  prefix: /\n  service: s\n  rewrite: \"/a\\0b\""), field: "spec.rewrite", line: 8, message: /found U\+0000/ },
  { name: "CR in a prefix", text: M("  prefix: \"/a\\rb\"\n  service: s"), field: "spec.prefix", line: 6, message: /found U\+000D/ },
  { name: "escape in a header match value", text: M("  prefix: /\n  service: s\n  headers:\n    x-a: \"v\\x1b\""), field: "spec.headers.x-a", line: 9, message: /found U\+001B/ },
  { name: "LF in a host_rewrite", text: M("  prefix: /\n  service: s\n  host_rewrite: \"a\\nb\""), field: "spec.host_rewrite", line: 8, message: /found U\+000A/ },
  { name: "NUL in a path redirect", text: M("  prefix: /\n  service: s\n  path_redirect: \"/x\\0\""), field: "spec.path_redirect", line: 8, message: /found U\+0000/ },
  { name: "control character in a header name", text: M("  prefix: /\n  service: s\n  add_request_headers:\n    \"x-a\\0\": v"), field: "spec.add_request_headers.x-a\u0000", line: 8, message: /field name must not contain control characters/ },
  { name: "server_name with CRLF", text: MOD("    server_name: \"a\\r\\nSet-Cookie: x\""), field: "spec.config.server_name", line: 7, message: /found U\+000D/ },
  { name: "hash header name not a token", text: M("  prefix: /\n  service: s\n  load_balancer:\n    policy: ring_hash\n    header: \"x user\""), field: "spec.load_balancer.header", line: 10, message: /not a valid header name/ },
  { name: "health check header name not a token", text: M("  prefix: /\n  service: s\n  health_checks:\n  - health_check:\n      http:\n        path: /h\n        add_request_headers: {\"a b\": c}"), field: "spec.health_checks[0].health_check.http.add_request_headers.a b", line: 12, message: /not a valid header name/ },
  // Issue 16 item 4: security settings attache does not enforce fail closed.
  { name: "ip_deny is not enforced", text: MOD("    ip_deny: [{remote: 10.0.0.0/8}]"), field: "spec.config.ip_deny", line: 7, message: /not enforced by attache yet/ },
  { name: "ip_allow is not enforced", text: MOD("    ip_allow: [{peer: 127.0.0.1}]"), field: "spec.config.ip_allow", line: 7, message: /not enforced by attache yet/ },
];

for (const c of cases) {
  test(`invalid input: ${c.name}`, () => {
    const rs = build(c.text);
    const want = c.severity ?? "error";
    const found = rs.diagnostics.filter((d) => d.severity === want);
    assert.equal(found.length, 1, `expected one ${want}, got:\n${lines(rs.diagnostics).join("\n")}`);
    const d = found[0]!;
    assert.equal(d.stage, "resources");
    assert.equal(d.field, c.field, lines([d])[0]);
    assert.deepEqual(d.location, { file: "test.yaml", line: c.line }, lines([d])[0]);
    assert.match(d.message, c.message);
    const served = rs.mappings.length + rs.hosts.length + rs.listeners.length + rs.services.length;
    assert.equal(served, c.kept ? 1 : 0);
  });
}

test("at least 15 distinct kinds of invalid input are covered", () => {
  assert.ok(cases.filter((c) => (c.severity ?? "error") === "error").length >= 15);
});

test("schema errors are all reported at once, each on its own line", () => {
  const rs = build(M("  prefix: /\n  service: s\n  weight: -1\n  timeout_ms: x\n  dns_type: srv"));
  assert.deepEqual(lines(rs.diagnostics), [
    "error: Mapping default/bad (test.yaml:8): spec.weight: must be >= 0",
    "error: Mapping default/bad (test.yaml:9): spec.timeout_ms: must be an integer",
    "error: Mapping default/bad (test.yaml:10): spec.dns_type: must be one of: strict_dns, logical_dns",
  ]);
});

test("one bad resource does not block the others", () => {
  const rs = build(`${M("  prefix: /\n  service: s\n  weight: 500")}\n---\n${mapping("good", "  prefix: /good/\n  service: s")}`);
  assert.deepEqual(rs.mappings.map((m) => m.meta.ref.name), ["good"]);
  assert.equal(rs.diagnostics.length, 1);
});
