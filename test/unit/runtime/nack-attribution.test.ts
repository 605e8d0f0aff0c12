import { test } from "node:test";
import assert from "node:assert/strict";
import { blameForNack, SnapshotHistory } from "../../../src/runtime/nack-attribution.js";

const ref = (name: string) => ({ kind: "Mapping", namespace: "default", name });
const fp = (o: Record<string, string>) => new Map(Object.entries(o).map(([k, v]) => [`Mapping/default/${k}`, v]));

test("blames only the sources whose content changed since the last accepted snapshot", () => {
  const blamed = blameForNack([ref("a"), ref("b"), ref("c")], fp({ a: "1", b: "2x", c: "3" }), fp({ a: "1", b: "2" }));
  assert.deepEqual(blamed.map((r) => r.name), ["b", "c"]);
});

test("blames nobody when nothing was ever accepted", () => {
  assert.deepEqual(blameForNack([ref("a")], fp({ a: "1" }), undefined), []);
});

test("history keeps the fingerprints of the last few snapshots", () => {
  const h = new SnapshotHistory(2);
  h.record(1, fp({ a: "1" }));
  h.record(2, fp({ a: "2" }));
  h.record(3, fp({ a: "3" }));
  assert.equal(h.fingerprints(1), undefined);
  assert.equal(h.fingerprints(3)?.get("Mapping/default/a"), "3");
  assert.equal(h.fingerprints(undefined), undefined);
});
