import assert from "node:assert/strict";
import { test } from "node:test";
import { build, lines, mapping } from "./helpers.js";

test("unknown fields are warnings naming the field and its line; the resource is served", () => {
  const rs = build(mapping("m", [
    "  prefix: /",
    "  service: s",
    "  prefx: /typo/",
    "  retry_policy:",
    "    retry_on: 5xx",
    "    num_retires: 3",
    "  circuit_breakers:",
    "  - max_connections: 1",
    "  - max_requests: 1",
    "    colour: blue",
    "  add_request_headers:",
    "    x-a: {value: v, appendd: true}",
    "  labels:",
    "    anything: goes",
    "  whatever_this_is: 1",
    "  timeout: 5",
  ].join("\n")));
  assert.equal(rs.mappings.length, 1);
  assert.deepEqual(lines(rs.diagnostics), [
    "warning: Mapping default/m (test.yaml:8): spec.prefx: unknown field (ignored); did you mean prefix?",
    "warning: Mapping default/m (test.yaml:11): spec.retry_policy.num_retires: unknown field (ignored); did you mean num_retries?",
    "warning: Mapping default/m (test.yaml:15): spec.circuit_breakers[1].colour: unknown field (ignored)",
    "warning: Mapping default/m (test.yaml:17): spec.add_request_headers.x-a.appendd: unknown field (ignored)",
    "warning: Mapping default/m (test.yaml:18): spec.labels: not supported yet by attache (ignored): kept for rate limiting, which is not built yet",
    "warning: Mapping default/m (test.yaml:20): spec.whatever_this_is: unknown field (ignored)",
    "warning: Mapping default/m (test.yaml:21): spec.timeout: unknown field (ignored); did you mean timeout_ms?",
  ]);
});

test("free-form fields (Service extras, json bodies) never warn", () => {
  const rs = build("apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  sessionAffinity: ClientIP\n  ipFamilies: [IPv4]\n  ports: [{port: 80}]\nstatus: {loadBalancer: {}}");
  assert.deepEqual(rs.diagnostics, []);
});

test("a stray top-level field is a warning with a suggestion", () => {
  const rs = build("apiVersion: getambassador.io/v3alpha1\nkind: Host\nmetadata: {name: h}\nsepc: {hostname: a}");
  assert.deepEqual(lines(rs.diagnostics), [
    "warning: Host default/h (test.yaml:4): sepc: unknown top-level field (ignored); did you mean spec?",
  ]);
});
