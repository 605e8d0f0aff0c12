// Envoy's rejection texts, as they are shown: the failing field stays named, configured values go.
import { test } from "node:test";
import assert from "node:assert/strict";
import { redactEnvoyLogLine, redactEnvoyMessage } from "../../../src/xds/nack-redaction.js";

test("a protobuf validation error keeps its reason and drops the resource dump before it", () => {
  const msg = 'name: "r"\nvirtual_hosts {\n  value: "tok-123456"\n}\n: Proto constraint validation failed (RouteActionValidationError.PrefixRewrite: value does not match regex pattern "^[^\\x00\\n\\r]*$")';
  assert.equal(redactEnvoyMessage(msg), 'Proto constraint validation failed (RouteActionValidationError.PrefixRewrite: value does not match regex pattern "^[^\\x00\\n\\r]*$")');
});

test("names and addresses stay quoted; other quoted values are blanked", () => {
  assert.equal(
    redactEnvoyMessage("Error adding/updating listener(s) attache-8080: cannot bind '127.0.0.1:8080': Address already in use"),
    "Error adding/updating listener(s) attache-8080: cannot bind '127.0.0.1:8080': Address already in use",
  );
  assert.equal(
    redactEnvoyMessage("regex '/too-big/(ab|cd){40}' RE2 program size of 413 > max program size of 200"),
    "regex '[redacted]' RE2 program size of 413 > max program size of 200",
  );
});

test("known sensitive values go wherever they appear, longest first", () => {
  assert.equal(redactEnvoyMessage("header x-t: abcd-token-1 and abcd", ["abcd", "abcd-token-1"]), "header x-t: [redacted] and [redacted]");
  assert.equal(redactEnvoyLogLine('        value: "sk-live-1"'), '        value: "[redacted]"');
  assert.equal(redactEnvoyLogLine("[info] starting main dispatch loop with sk-live-1", ["sk-live-1"]), "[info] starting main dispatch loop with [redacted]");
});

test("a long message is clipped", () => {
  assert.ok(redactEnvoyMessage("x".repeat(5000)).length <= 1001);
});
