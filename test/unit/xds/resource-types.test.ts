import { test } from "node:test";
import assert from "node:assert/strict";
import { RESOURCE_SCHEMAS, typeUrlOf } from "../../../src/envoy/types.js";
import { newClientState } from "../../../src/xds/client-state.js";
import { keptResources } from "../../../src/xds/make-before-break.js";
import { PUSH_ORDER, READINESS_TYPES, TYPE_URLS, XDS_TYPES, isWildcardType, xdsType } from "../../../src/xds/resource-types.js";
import type { SnapshotResource } from "../../../src/xds/snapshot.js";
import { CDS, Driver, EDS, LDS, RDS, SDS, res, snapshot, summary } from "./fixtures.js";

test("every type URL is the one of the message the Envoy stage encodes it with", () => {
  for (const t of XDS_TYPES) assert.equal(t.typeUrl, typeUrlOf(RESOURCE_SCHEMAS[t.type]), t.type);
  for (const t of XDS_TYPES) assert.equal(TYPE_URLS[t.type], t.typeUrl);
});

test("push order, wildcard types and readiness types as the protocol needs them", () => {
  assert.deepEqual(XDS_TYPES.map((t) => t.short), ["CDS", "EDS", "LDS", "RDS", "SDS"]);
  assert.deepEqual(PUSH_ORDER, [CDS, EDS, LDS, RDS, SDS]);
  assert.deepEqual([CDS, EDS, LDS, RDS, SDS].filter(isWildcardType), [CDS, LDS]);
  assert.deepEqual([...READINESS_TYPES].sort(), [CDS, LDS, RDS].sort());
  assert.equal(xdsType("type.googleapis.com/unknown.Type"), undefined);
  assert.equal(isWildcardType("type.googleapis.com/unknown.Type"), false);
});

test("a secret an ACKed listener uses is kept after the target dropped it", () => {
  const listener = (secret: string): SnapshotResource => ({ ...res(LDS, "l", `l->${secret}`), secretRefs: [secret] });
  const before = snapshot(1, { [LDS]: [listener("s1")], [SDS]: [res(SDS, "s1", "k1")] });
  const after = snapshot(2, { [LDS]: [listener("s2")], [SDS]: [res(SDS, "s2", "k2")] });
  const d = new Driver(newClientState("n"));
  d.request(LDS, []);
  assert.deepEqual(summary(d.push(before)), ["LDS l"]);
  assert.equal(d.request(LDS, []).kind, "ack");
  d.request(SDS, ["s1"]);
  assert.deepEqual(summary(d.push(before)), [`${SDS} s1`]);
  assert.equal(d.request(SDS, ["s1"]).kind, "ack");
  assert.deepEqual([...(keptResources(d.client, after).get(SDS)?.keys() ?? [])], ["s1"]);
  assert.deepEqual([...(keptResources(d.client, after).get(CDS)?.keys() ?? [])], []);
  assert.equal(keptResources(d.client, after).has(EDS), true);
});
