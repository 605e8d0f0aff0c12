import { test } from "node:test";
import assert from "node:assert/strict";
import { buildIR } from "../../../src/ir/build.js";
import { generateEnvoyConfig } from "../../../src/envoy/generate.js";
import { canonicalJson } from "../../../src/envoy/encode.js";
import type { EnvoyConfig, ResourceType } from "../../../src/envoy/types.js";
import { host, listener, mapping, resourceSet } from "../fixtures.js";

const everything = resourceSet({
  listeners: [listener("http", 8080), listener("https", 8443, { protocol: "HTTPS" })],
  hosts: [
    host("a", { hostname: "a.example.com", requestPolicy: { insecure: { action: "Redirect" } } }),
    host("b", { hostname: "*.b.com", requestPolicy: { insecure: { action: "Reject" } } }),
    host("c", { hostname: "*" }),
  ],
  mappings: [
    mapping("full", {
      prefix: "/full/", case_sensitive: false, method: "POST", headers: { "x-a": "1", "x-p": true }, regex_headers: { "x-r": "^v[0-9]+$" },
      query_parameters: { q: "1" }, regex_query_parameters: { r: "^a" }, hostname: "*.example.com", precedence: 3,
      service: "https://svc.ns:8443", rewrite: "/in/", host_rewrite: "in.internal",
      add_request_headers: { "x-add": { value: "v" }, "x-set": { value: "w", append: false } }, remove_request_headers: ["x-drop"],
      add_response_headers: { "x-resp": { value: "r" } }, remove_response_headers: ["server"],
      timeout_ms: 1500, idle_timeout_ms: 60000, connect_timeout_ms: 250,
    }),
    mapping("re", { prefix: "^/re/[0-9]+$", prefix_regex: true, service: "10.0.0.1:80", regex_rewrite: { pattern: "^/re/(.*)$", substitution: "/\\1" } }),
    mapping("exact", { prefix: "/exact", prefix_exact: true, service: "localhost:9000" }),
    mapping("main", { prefix: "/c/", service: "main", add_request_headers: { "x-which": { value: "main" } } }),
    mapping("canary", { prefix: "/c/", service: "canary", weight: 10, host_rewrite: "canary.internal" }),
  ],
});

const types: [ResourceType, keyof EnvoyConfig][] = [["listener", "listeners"], ["route", "routes"], ["cluster", "clusters"], ["endpoint", "endpoints"]];

test("every generated resource is valid, canonical proto3 JSON", () => {
  const config = generateEnvoyConfig(buildIR(everything));
  for (const [type, key] of types) {
    assert.ok(config[key].length > 0, `no ${key}`);
    for (const r of config[key]) assert.deepEqual(canonicalJson(type, r.json), r.json, `${type} ${r.name}`);
  }
});

test("route configs list the clusters they refer to, and every one exists", () => {
  const config = generateEnvoyConfig(buildIR(everything));
  const clusters = new Set(config.clusters.map((c) => c.name));
  for (const r of config.routes) for (const ref of r.refs ?? []) assert.ok(clusters.has(ref), ref);
  assert.ok((config.routes[0]?.refs ?? []).length >= 5);
});

test("insecure actions: Redirect adds an https redirect after XFP-secured routes; Reject leaves only secured routes", () => {
  const config = generateEnvoyConfig(buildIR(everything));
  const rc = config.routes.find((r) => r.name === "listener-8080-routes")?.json as any;
  const vh = (name: string) => rc.virtualHosts.find((v: any) => v.name === name);
  const a = vh("default/a");
  assert.deepEqual(a.routes.at(-1).redirect, { httpsRedirect: true });
  assert.ok(a.routes.slice(0, -1).every((r: any) => r.match.headers.some((h: any) => h.name === "x-forwarded-proto")));
  const b = vh("default/b");
  assert.ok(b.routes.every((r: any) => r.redirect === undefined && r.match.headers.some((h: any) => h.name === "x-forwarded-proto")));
  assert.ok(vh("default/c").routes.every((r: any) => !JSON.stringify(r).includes("x-forwarded-proto")));
});

test("a canary group is one route with weighted clusters carrying per-member settings", () => {
  const config = generateEnvoyConfig(buildIR(everything));
  const rc = config.routes[0]?.json as any;
  const route = rc.virtualHosts.find((v: any) => v.name === "default/c").routes.find((r: any) => r.match.prefix === "/c/");
  assert.deepEqual(route.route.weightedClusters.clusters.map((c: any) => [c.name, c.weight]), [["cluster_canary_default_80", 10], ["cluster_main_default_80", 90]]);
  assert.equal(route.route.weightedClusters.clusters[0].hostRewriteLiteral, "canary.internal");
  assert.equal(route.route.weightedClusters.clusters[1].requestHeadersToAdd[0].header.value, "main");
});

test("output is byte-identical for the same input in another order", () => {
  const a = JSON.stringify(generateEnvoyConfig(buildIR(everything)));
  const shuffled = { ...everything, mappings: [...everything.mappings].reverse(), hosts: [...everything.hosts].reverse() };
  assert.equal(JSON.stringify(generateEnvoyConfig(buildIR(shuffled))), a);
});

test("real Envoy accepts the generated configuration", async () => {
  const { envoyValidate } = await import("../../support/envoy-validate.js");
  const result = await envoyValidate(generateEnvoyConfig(buildIR(everything)));
  assert.ok(result.ok, result.output);
});

test("real Envoy rejects what it should (the check is not a rubber stamp)", async () => {
  const { envoyValidate } = await import("../../support/envoy-validate.js");
  const config = generateEnvoyConfig(buildIR(everything));
  const broken = { ...config, clusters: config.clusters.map((c) => ({ ...c, json: { ...c.json, connectTimeout: "-1s" } })) };
  assert.equal((await envoyValidate(broken)).ok, false);
});
