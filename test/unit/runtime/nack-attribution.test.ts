import { test } from "node:test";
import assert from "node:assert/strict";
import { blameForNack, SnapshotHistory, type HistoryEntry } from "../../../src/runtime/nack-attribution.js";
import { mapping, resourceSet } from "../fixtures.js";

const ref = (name: string) => ({ kind: "Mapping", namespace: "default", name });
const fp = (o: Record<string, string>) => new Map(Object.entries(o).map(([k, v]) => [`Mapping/default/${k}`, v]));
const entry = (o: Record<string, string>, mappings = resourceSet({})): HistoryEntry => ({ fingerprints: fp(o), resources: mappings });

test("blames only the sources whose content changed since the last accepted snapshot", () => {
  const blamed = blameForNack({ sources: [ref("a"), ref("b"), ref("c")], message: "bad" }, entry({ a: "1", b: "2x", c: "3" }), entry({ a: "1", b: "2" }));
  assert.deepEqual(blamed.map((r) => r.name), ["b", "c"]);
});

test("with nothing accepted yet, blames the resources whose values Envoy quotes", () => {
  const rs = resourceSet({ mappings: [
    mapping("ok", { prefix: "/ok/" }),
    mapping("big", { prefix: "/big/(ab|cd){40}", prefix_regex: true }),
  ] });
  const message = "regex '/big/(ab|cd){40}' RE2 program size of 413 > max program size of 200";
  const blamed = blameForNack({ sources: [ref("big"), ref("ok")], message }, { fingerprints: fp({ ok: "1", big: "2" }), resources: rs }, undefined);
  assert.deepEqual(blamed.map((r) => r.name), ["big"]);
});

test("blames nobody when neither a diff nor the message narrows it down", () => {
  const rs = resourceSet({ mappings: [mapping("a", { prefix: "/a/" })] });
  assert.deepEqual(blameForNack({ sources: [ref("a")], message: "something went wrong" }, { fingerprints: fp({ a: "1" }), resources: rs }, undefined), []);
});

test("history keeps the last few snapshots", () => {
  const h = new SnapshotHistory(2);
  h.record(1, entry({ a: "1" }));
  h.record(2, entry({ a: "2" }));
  h.record(3, entry({ a: "3" }));
  assert.equal(h.get(1), undefined);
  assert.equal(h.get(3)?.fingerprints.get("Mapping/default/a"), "3");
  assert.equal(h.get(undefined), undefined);
});
