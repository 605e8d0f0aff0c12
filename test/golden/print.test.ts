// printConfig is the format of expected.json and of `attache translate`: pin its shape.
import { test } from "node:test";
import assert from "node:assert/strict";
import { printConfig } from "../../src/envoy/print.js";
import type { EnvoyConfig } from "../../src/envoy/types.js";

const config: EnvoyConfig = {
  secrets: [],
  endpoints: [{ name: "c", json: { clusterName: "c" }, sources: [] }],
  clusters: [{ name: "c", json: { name: "c", type: "EDS" }, sources: [] }],
  routes: [],
  listeners: [{ name: "l", json: { name: "l" }, sources: [] }],
};

test("lists the five types in a fixed order, @type first, 2-space indent, final newline", () => {
  const text = printConfig(config);
  assert.ok(text.endsWith("}\n"));
  const parsed = JSON.parse(text) as Record<string, Record<string, unknown>[]>;
  assert.deepEqual(Object.keys(parsed), ["listeners", "routes", "clusters", "endpoints", "secrets"]);
  assert.deepEqual(Object.keys(parsed["clusters"]?.[0] ?? {}), ["@type", "name", "type"]);
  assert.equal(parsed["endpoints"]?.[0]?.["@type"], "type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment");
  assert.match(text, /^\{\n {2}"listeners": \[\n {4}\{\n {6}"@type": "type\.googleapis\.com\/envoy\.config\.listener\.v3\.Listener",/);
});

test("does not mutate or depend on the resources' sources", () => {
  const withSources: EnvoyConfig = { ...config, listeners: [{ name: "l", json: { name: "l" }, sources: [{ kind: "Listener", namespace: "a", name: "b" }] }] };
  assert.equal(printConfig(withSources), printConfig(config));
  assert.deepEqual(config.listeners[0]?.json, { name: "l" });
});
