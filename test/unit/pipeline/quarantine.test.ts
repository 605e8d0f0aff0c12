import { test } from "node:test";
import assert from "node:assert/strict";
import { applyQuarantine, fingerprint } from "../../../src/pipeline/quarantine.js";
import { mapping, resourceSet } from "../fixtures.js";

test("a quarantined resource is left out while unchanged, with an envoy-stage error", () => {
  const bad = mapping("bad", { prefix: "/bad/" });
  const good = mapping("good", { prefix: "/good/" });
  const q = new Map([["Mapping/default/bad", { fingerprint: fingerprint(bad), message: "regex too big" }]]);
  const out = applyQuarantine(resourceSet({ mappings: [bad, good] }), q);
  assert.deepEqual(out.mappings.map((m) => m.meta.ref.name), ["good"]);
  assert.equal(out.diagnostics[0]?.stage, "envoy");
  assert.equal(out.diagnostics[0]?.ref?.name, "bad");
});

test("editing a quarantined resource lets it through again", () => {
  const bad = mapping("bad", { prefix: "/bad/" });
  const q = new Map([["Mapping/default/bad", { fingerprint: fingerprint(bad), message: "x" }]]);
  const edited = mapping("bad", { prefix: "/bad/v2/" });
  assert.equal(applyQuarantine(resourceSet({ mappings: [edited] }), q).mappings.length, 1);
});

test("the fingerprint ignores where the resource sits in its file", () => {
  const a = mapping("m", { prefix: "/x/" });
  const moved = { ...a, meta: { ...a.meta, ref: { ...a.meta.ref, location: { file: "f.yaml", line: 40 } } } };
  assert.equal(fingerprint(a), fingerprint(moved));
});

test("quarantine keeps everything it does not filter (EndpointSlices, resolvers, other instances)", () => {
  const bad = mapping("bad", { prefix: "/bad/" });
  const q = new Map([["Mapping/default/bad", { fingerprint: fingerprint(bad), message: "x" }]]);
  const slice = { kind: "EndpointSlice" as const, meta: { ref: { kind: "EndpointSlice", namespace: "default", name: "s" }, labels: {}, annotations: {} }, serviceName: "quote", addressType: "IPv4" as const, endpoints: [], ports: [] };
  const rs = { ...resourceSet({ mappings: [bad] }), endpointSlices: [slice], otherInstances: [{ kind: "Mapping", namespace: "default", name: "blue" }] };
  const out = applyQuarantine(rs, q);
  assert.deepEqual(out.endpointSlices, [slice]);
  assert.deepEqual(out.otherInstances, rs.otherInstances);
});
