import { test } from "node:test";
import assert from "node:assert/strict";
import { fromBinary, fromJson, equals, type JsonValue } from "@bufbuild/protobuf";
import { RouteConfigurationSchema } from "#gen/envoy/config/route/v3/route_pb.js";
import { RouteConfigEncoder } from "../../../src/envoy/route-config-encoding.js";
import { envoyRegistry } from "../../../src/envoy/registry.js";
import type { JsonObject } from "../../../src/envoy/types.js";

const route = (i: number) => ({ name: `r${i}`, match: { prefix: `/p${i}/` }, route: { cluster: `c${i % 3}`, timeout: "3s" } });
const config = (n: number): JsonObject => ({
  name: "rc",
  virtualHosts: [
    { name: "a", domains: ["a.com"], routes: Array.from({ length: n }, (_, i) => route(i)) },
    { name: "b", domains: ["*"], routes: [route(99)], requireTls: "ALL" },
  ],
  validateClusters: false,
});

test("piecewise encoding decodes to the same message as encoding the whole", () => {
  const json = config(50);
  const decoded = fromBinary(RouteConfigurationSchema, new RouteConfigEncoder().encode(json));
  const whole = fromJson(RouteConfigurationSchema, json as JsonValue, { registry: envoyRegistry });
  assert.ok(equals(RouteConfigurationSchema, decoded, whole));
});

test("is deterministic, and reuses cached route bytes without changing the output", () => {
  const enc = new RouteConfigEncoder();
  const json = config(20);
  const first = enc.encode(json);
  const again = enc.encode(json);
  assert.deepEqual(again, first);
  assert.deepEqual(new RouteConfigEncoder().encode(structuredClone(json)), first);
});

test("a changed route object changes the bytes", () => {
  const enc = new RouteConfigEncoder();
  const json = config(5);
  const before = enc.encode(json);
  const vh = (json["virtualHosts"] as JsonObject[])[0] as { routes: JsonObject[] };
  vh.routes[2] = { ...route(2), route: { cluster: "other", timeout: "3s" } };
  assert.notDeepEqual(enc.encode(json), before);
});
