import { test } from "node:test";
import assert from "node:assert/strict";
import { ResourceEncoder, canonicalJson } from "../../src/envoy/encode.js";

test("encodes a listener with an Any-typed HttpConnectionManager", () => {
  const json = {
    name: "l",
    address: { socketAddress: { address: "0.0.0.0", portValue: 8080 } },
    filterChains: [{ filters: [{ name: "envoy.filters.network.http_connection_manager", typedConfig: {
      "@type": "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager",
      statPrefix: "x", rds: { routeConfigName: "r", configSource: { ads: {}, resourceApiVersion: "V3" } },
      httpFilters: [{ name: "envoy.filters.http.router", typedConfig: { "@type": "type.googleapis.com/envoy.extensions.filters.http.router.v3.Router" } }],
    } }] }],
  };
  const enc = new ResourceEncoder().encode("listener", "l", json);
  assert.ok(enc.bytes.length > 50);
  const canon = canonicalJson("listener", json);
  assert.deepEqual(canon, json);
});

test("rejects unknown fields", () => {
  assert.throws(() => canonicalJson("cluster", { name: "c", bogus: 1 }));
});

test("accepts snake_case on input and prints camelCase", () => {
  const c = canonicalJson("cluster", { name: "c", connect_timeout: "1s" });
  assert.deepEqual(c, { name: "c", connectTimeout: "1s" });
});
