// The feature registry: every feature has golden cases, filters come out in the order table's
// order (router last), and per-route config ("disabled here") is valid Envoy API JSON.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { HttpConnectionManagerJson } from "#gen/envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager_pb.js";
import { RouterSchema } from "#gen/envoy/extensions/filters/http/router/v3/router_pb.js";
import { buildIR } from "../../../src/ir/build.js";
import { canonicalJson } from "../../../src/envoy/encode.js";
import { generateEnvoyConfig } from "../../../src/envoy/generate.js";
import { routeJson } from "../../../src/envoy/route.js";
import { typed } from "../../../src/envoy/values.js";
import type { Feature } from "../../../src/envoy/features/feature.js";
import { HTTP_FILTER_ORDER, LISTENER_FILTER_ORDER } from "../../../src/envoy/features/order.js";
import { FEATURES, featureSet } from "../../../src/envoy/features/registry.js";
import { mapping, resourceSet } from "../fixtures.js";

const CASES = join(process.cwd(), "test/golden/cases");

test("every feature names golden cases that exist and show its filter", () => {
  for (const f of FEATURES) {
    assert.ok(f.goldenCases.length > 0, `${f.name} has no golden case`);
    for (const c of f.goldenCases) {
      const expected = join(CASES, c, "expected.json");
      assert.ok(existsSync(expected), `${f.name}: golden case ${c} is missing`);
      const filter = f.httpFilter?.name ?? f.listenerFilter?.name;
      if (filter) assert.ok(readFileSync(expected, "utf8").includes(`"${filter}"`), `${c} does not show ${filter}`);
    }
  }
});

test("the router is the last HTTP filter, from the order table", () => {
  assert.equal(HTTP_FILTER_ORDER.at(-1), "router");
  assert.equal(LISTENER_FILTER_ORDER[0], "proxy_protocol");
  const config = generateEnvoyConfig(buildIR(resourceSet({ mappings: [mapping("m", { prefix: "/" })] })));
  for (const l of config.listeners) {
    const hcm = l.json.filterChains?.[0]?.filters?.[0]?.typedConfig;
    assert.ok(hcm, l.name);
    // Generated-code boundary: an Any's body is typed by its @type, read back here as the HCM.
    const filters = (hcm as HttpConnectionManagerJson).httpFilters ?? [];
    assert.equal(filters.at(-1)?.name, "envoy.filters.http.router");
  }
});

test("two filters cannot claim one slot, nor one feature be registered twice", () => {
  const other: Feature = { name: "other", goldenCases: ["x"], httpFilter: { slot: "router", name: "other", onListener: () => undefined } };
  assert.throws(() => featureSet([...FEATURES, other]), /both claim slot router/);
  assert.throws(() => featureSet([FEATURES[0]!, FEATURES[0]!]), /registered twice/);
});

test("per-route config: a route can disable a filter, and the result is valid Envoy API JSON", () => {
  const ir = buildIR(resourceSet({ mappings: [mapping("open", { prefix: "/open/" }), mapping("closed", { prefix: "/closed/" })] }));
  const routes = ir.listeners[0]!.virtualHosts.flatMap((vh) => vh.routes);
  const gated: Feature = {
    name: "gated-router",
    goldenCases: [],
    httpFilter: {
      slot: "router",
      name: "envoy.filters.http.router",
      onListener: () => ({ config: typed(RouterSchema) }),
      onRoute: (r) => (r.match.path.kind === "prefix" && r.match.path.value === "/closed/" ? { disabled: true } : undefined),
    },
  };
  const set = featureSet([gated]);
  const [closed, open] = [...routes].sort((a, b) => (a.match.path.value < b.match.path.value ? -1 : 1));
  const closedJson = routeJson(closed!, [], set);
  assert.deepEqual(closedJson.typedPerFilterConfig, {
    "envoy.filters.http.router": { "@type": "type.googleapis.com/envoy.config.route.v3.FilterConfig", disabled: true },
  });
  assert.equal(routeJson(open!, [], set).typedPerFilterConfig, undefined);
  const rc = { name: "rc", virtualHosts: [{ name: "vh", domains: ["*"], routes: [closedJson] }] };
  assert.deepEqual(canonicalJson("route", rc), rc);
});
