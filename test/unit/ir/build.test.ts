import { test } from "node:test";
import assert from "node:assert/strict";
import { buildIR } from "../../../src/ir/build.js";
import { host, listener, mapping, resourceSet } from "../fixtures.js";

const routesOf = (ir: ReturnType<typeof buildIR>, vh = 0) => ir.listeners[0]?.virtualHosts[vh]?.routes ?? [];

test("default listener and default Host when none are declared", () => {
  const ir = buildIR(resourceSet({ mappings: [mapping("a", { prefix: "/a/" })] }), { defaultListenerPort: 9999, listenerAddress: "0.0.0.0" });
  assert.equal(ir.listeners.length, 1);
  assert.equal(ir.listeners[0]?.port, 9999);
  assert.deepEqual(ir.listeners[0]?.virtualHosts.map((v) => v.domains), [["*"]]);
  assert.equal(ir.listeners[0]?.virtualHosts[0]?.insecureAction, "Route");
});

test("routes are ordered by precedence, then prefix length, then header matches", () => {
  const ir = buildIR(resourceSet({ mappings: [
    mapping("short", { prefix: "/a/" }),
    mapping("long", { prefix: "/a/b/c/" }),
    mapping("hdr", { prefix: "/a/", headers: { "x-user": "alice" } }),
    mapping("prec", { prefix: "/", precedence: 10 }),
  ] }));
  assert.deepEqual(routesOf(ir).map((r) => r.sources[0]?.name), ["prec", "long", "hdr", "short"]);
});

test("canary: explicit weights kept, the rest split among unweighted members", () => {
  const ir = buildIR(resourceSet({ mappings: [
    mapping("main", { prefix: "/c/", service: "main" }),
    mapping("canary", { prefix: "/c/", service: "canary", weight: 10 }),
  ] }));
  const [route] = routesOf(ir);
  assert.deepEqual(route?.targets.map((t) => [t.cluster, t.weight]), [["cluster_canary_default_80", 10], ["cluster_main_default_80", 90]]);
});

test("canary weights over 100 reject the weighted members with a field-level error", () => {
  const ir = buildIR(resourceSet({ mappings: [
    mapping("a", { prefix: "/c/", service: "a", weight: 60 }),
    mapping("b", { prefix: "/c/", service: "b", weight: 50 }),
    mapping("c", { prefix: "/c/", service: "c" }),
  ] }));
  const errors = ir.diagnostics.filter((d) => d.severity === "error");
  assert.deepEqual(errors.map((d) => [d.ref?.name, d.field]), [["a", "spec.weight"], ["b", "spec.weight"]]);
  assert.deepEqual(routesOf(ir)[0]?.targets.map((t) => [t.cluster, t.weight]), [["cluster_c_default_80", 100]]);
});

test("three-way canary with one unweighted member gets the remainder", () => {
  const ir = buildIR(resourceSet({ mappings: [
    mapping("a", { prefix: "/c/", service: "a", weight: 20 }),
    mapping("b", { prefix: "/c/", service: "b", weight: 30 }),
    mapping("c", { prefix: "/c/", service: "c" }),
  ] }));
  assert.deepEqual(routesOf(ir)[0]?.targets.map((t) => t.weight), [20, 30, 50]);
});

test("Mappings with the same service and settings share one cluster", () => {
  const ir = buildIR(resourceSet({ mappings: [
    mapping("a", { prefix: "/a/", service: "quote:8080" }),
    mapping("b", { prefix: "/b/", service: "quote:8080" }),
    mapping("c", { prefix: "/c/", service: "quote:8080", connect_timeout_ms: 500 }),
  ] }));
  assert.equal(ir.clusters.length, 2);
  const plain = ir.clusters.find((c) => c.name === "cluster_quote_default_8080");
  assert.deepEqual(plain?.sources.map((s) => s.name), ["a", "b"]);
  assert.match(ir.clusters.find((c) => c !== plain)?.name ?? "", /^cluster_quote_default_8080_[0-9a-f]{8}$/);
});

test("service forms resolve like KubernetesServiceResolver", () => {
  const ir = buildIR(resourceSet({ mappings: [
    mapping("a", { prefix: "/a/", service: "quote" }, { namespace: "shop" }),
    mapping("b", { prefix: "/b/", service: "quote.other:9000" }),
    mapping("c", { prefix: "/c/", service: "https://api.example.com" }),
    mapping("d", { prefix: "/d/", service: "127.0.0.1:7000" }),
  ] }));
  const summary = ir.clusters.map((c) => [c.name, c.discovery, c.host, c.port, c.tls]);
  assert.deepEqual(summary, [
    ["cluster_127_0_0_1_7000", "EDS", "127.0.0.1", 7000, false],
    ["cluster_https_api_example_com_443", "STRICT_DNS", "api.example.com", 443, true],
    ["cluster_quote_other_9000", "STRICT_DNS", "quote.other", 9000, false],
    ["cluster_quote_shop_80", "STRICT_DNS", "quote.shop", 80, false],
  ]);
});

test("Host association: hostname globs and mappingSelector", () => {
  const ir = buildIR(resourceSet({
    hosts: [
      host("foo", { hostname: "foo.example.com" }),
      host("wild", { hostname: "*.example.com", mappingSelector: { matchLabels: { team: "a" } } }),
    ],
    mappings: [
      mapping("any", { prefix: "/any/" }, { labels: { team: "a" } }),
      mapping("foo-only", { prefix: "/foo/", hostname: "foo.example.com" }),
      mapping("bar", { prefix: "/bar/", hostname: "bar.example.com" }, { labels: { team: "a" } }),
      mapping("other", { prefix: "/o/", hostname: "other.org" }),
    ],
  }));
  const vhs = ir.listeners[0]?.virtualHosts ?? [];
  const names = vhs.map((vh) => [vh.name, vh.routes.map((r) => r.sources[0]?.name)]);
  assert.deepEqual(names, [
    ["default/foo", ["foo-only", "any"]],
    ["default/wild", ["bar", "any"]],
  ]);
  assert.ok(ir.diagnostics.some((d) => d.ref?.name === "other" && /joins no Host/.test(d.message)));
});

test("two Hosts claiming one hostname: the first (by namespace/name) wins, the other is reported", () => {
  const ir = buildIR(resourceSet({ hosts: [host("a", { hostname: "x.com" }), host("b", { hostname: "x.com" })] }));
  assert.equal(ir.listeners[0]?.virtualHosts.length, 1);
  assert.ok(ir.diagnostics.some((d) => d.ref?.name === "b" && d.field === "spec.hostname"));
});

test("Listener hostBinding namespace SELF keeps other namespaces' Hosts off", () => {
  const l = listener("l", 8080, { hostBinding: { namespace: { from: "SELF" } } });
  const other = { ...host("h2", { hostname: "b.com" }), meta: { ref: { kind: "Host", namespace: "other", name: "h2" }, labels: {}, annotations: {} } };
  const ir = buildIR(resourceSet({ listeners: [l], hosts: [host("h1", { hostname: "a.com" }), other] }));
  assert.deepEqual(ir.listeners[0]?.virtualHosts.map((v) => v.name), ["default/h1"]);
});

test("default rewrite is /, empty rewrite keeps the path, regex_rewrite wins", () => {
  const ir = buildIR(resourceSet({ mappings: [
    mapping("a", { prefix: "/a/" }),
    mapping("b", { prefix: "/b/", rewrite: "" }),
    mapping("c", { prefix: "/c/", rewrite: "/x/", regex_rewrite: { pattern: "^/c/(.*)$", substitution: "/\\1" } }),
  ] }));
  const byName = new Map(routesOf(ir).map((r) => [r.sources[0]?.name, r]));
  assert.equal(byName.get("a")?.prefixRewrite, "/");
  assert.equal(byName.get("b")?.prefixRewrite, undefined);
  assert.equal(byName.get("c")?.prefixRewrite, undefined);
  assert.equal(byName.get("c")?.regexRewrite?.pattern, "^/c/(.*)$");
});

test("the IR does not depend on input order", () => {
  const ms = Array.from({ length: 40 }, (_, i) => mapping(`m${i}`, { prefix: `/p${i % 7}/`, service: `s${i % 5}`, weight: i % 7 === 0 ? 5 : undefined }));
  const a = JSON.stringify(buildIR(resourceSet({ mappings: ms })));
  const b = JSON.stringify(buildIR(resourceSet({ mappings: [...ms].reverse() })));
  assert.equal(a, b);
});
