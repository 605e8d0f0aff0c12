import { test } from "node:test";
import assert from "node:assert/strict";
import { REDACTED, isSecretKey, redactSecrets } from "../../../src/diag/redact.js";

test("secret-named keys are redacted in any spelling; ordinary keys are kept", () => {
  for (const k of ["private_key", "privateKey", "PRIVATE-KEY", "password", "token", "inline_bytes", "inlineBytes", "client_secret", "apiKey"]) {
    assert.equal(isSecretKey(k), true, k);
  }
  for (const k of ["secret", "tlsSecret", "name", "tokens_per_fill", "keys"]) assert.equal(isSecretKey(k), false, k);
});

test("redaction is deep, copies rather than mutates, and turns Maps, Sets, bytes and dates into JSON", () => {
  const input = {
    a: [{ token: "t", keep: 1 }],
    m: new Map<string, unknown>([["password", "p"], ["x", new Set([1, 2])]]),
    b: new Uint8Array(3),
    d: new Date("2026-01-02T03:04:05Z"),
  };
  const out = redactSecrets(input);
  assert.deepEqual(out, {
    a: [{ token: REDACTED, keep: 1 }],
    m: { password: REDACTED, x: [1, 2] },
    b: "[3 bytes]",
    d: "2026-01-02T03:04:05.000Z",
  });
  assert.equal(input.a[0]!.token, "t");
});

test("cycles are cut, shared (non-cyclic) objects are kept", () => {
  const shared = { v: 1 };
  const cyclic: Record<string, unknown> = { shared, again: shared };
  cyclic.self = cyclic;
  assert.deepEqual(redactSecrets(cyclic), { shared: { v: 1 }, again: { v: 1 }, self: "[cycle]" });
});

test("values of credential-carrying headers are redacted wherever a header is named; :authority and resource refs are not", () => {
  const out = redactSecrets({
    headers: { Authorization: "Bearer t", "x-env": "prod" },
    add_request_headers: { "X-API-Key": { value: "k" } },
    match: [{ name: "cookie", string_match: { exact: "c" } }, { name: ":authority", string_match: { exact: "example.com" } }],
    request_headers_to_add: [{ header: { key: "x-auth-token", value: "v" } }],
    ref: { kind: "Mapping", namespace: "default", name: "token-service" },
  });
  assert.deepEqual(out, {
    headers: { Authorization: REDACTED, "x-env": "prod" },
    add_request_headers: { "X-API-Key": REDACTED },
    match: [{ name: "cookie", string_match: REDACTED }, { name: ":authority", string_match: { exact: "example.com" } }],
    request_headers_to_add: [{ header: { key: "x-auth-token", value: REDACTED } }],
    ref: { kind: "Mapping", namespace: "default", name: "token-service" },
  });
});
