// Delta ADS over real gRPC, with a small delta client of our own.
import { test } from "node:test";
import assert from "node:assert/strict";
import { fromBinary } from "@bufbuild/protobuf";
import { ClusterSchema } from "#gen/envoy/config/cluster/v3/cluster_pb.js";
import { TYPE_URLS } from "../../../src/xds/resource-types.js";
import { TestDeltaClient } from "./delta-ads-client.js";
import { harness, snap, until, type Harness } from "./ads-test-server.js";

const { cluster: CDS, endpoint: EDS, listener: LDS, route: RDS } = TYPE_URLS;

const START: readonly (readonly [string, string[]])[] = [[CDS, []], [EDS, ["backend"]], [LDS, []], [RDS, ["routes"]]];

/** Subscribes and ACKs every type the way Envoy does at start. */
async function established(h: Harness, nodeId = "node-1", initial: Record<string, Record<string, string>> = {}): Promise<TestDeltaClient> {
  const c = new TestDeltaClient(h.server.port, nodeId);
  for (const [typeUrl, names] of START) {
    c.send({ typeUrl, subscribe: names, initial: initial[typeUrl] ?? {} });
    const r = await c.next();
    assert.equal(r.typeUrl, typeUrl);
    c.answer(r);
  }
  await until("4 ACKs", () => h.acks.filter((a) => a.nodeId === nodeId).length >= 4);
  return c;
}

test("serves each type with per-resource hash versions, the snapshot's bytes and its system version", async () => {
  const s1 = snap(1);
  const h = await harness(s1);
  const c = new TestDeltaClient(h.server.port, "node-1");
  c.send({ typeUrl: CDS });
  const r = await c.next();
  const cluster = s1.types[CDS]!.resources.get("backend")!;
  assert.equal(r.systemVersionInfo, s1.types[CDS]!.version);
  assert.deepEqual(r.resources.map((x) => [x.name, x.version]), [["backend", cluster.hash]]);
  assert.deepEqual(new Uint8Array(r.resources[0]!.resource!.value), cluster.bytes, "the snapshot's bytes, not a re-encoding");
  assert.equal(fromBinary(ClusterSchema, r.resources[0]!.resource!.value).name, "backend");
  assert.deepEqual(r.removedResources, []);
  assert.ok(r.nonce.length > 0);
  c.answer(r);
  await until("CDS ACK", () => h.acks.length === 1);
  assert.deepEqual(h.acks[0], { nodeId: "node-1", typeUrl: CDS, version: s1.types[CDS]!.version, serial: 1 });
  c.close();
  await until("stream cleanup", () => h.server.status()[0]?.streams === 0 && h.server.cache.watchedNodes().length === 0);
});

test("a change sends only what changed; a cluster switch keeps the old cluster until the route ACK, then removes it", async () => {
  const h = await harness(snap(1));
  const c = await established(h);
  h.server.cache.setSnapshot(snap(2, { cluster: "backend2" }));
  const cds = await c.next();
  assert.equal(cds.typeUrl, CDS);
  assert.deepEqual(cds.resources.map((r) => r.name), ["backend2"]);
  assert.deepEqual(cds.removedResources, [], "backend is still used by the ACKed route");
  c.send({ typeUrl: EDS, subscribe: ["backend2"] });
  const eds = await c.next();
  assert.deepEqual([eds.typeUrl, eds.resources.map((r) => r.name)], [EDS, ["backend2"]]);
  c.answer(cds);
  c.answer(eds);
  const rds = await c.next();
  assert.deepEqual([rds.typeUrl, rds.resources.map((r) => r.name)], [RDS, ["routes"]]);
  assert.deepEqual(await c.drain(200), [], "nothing removed before the route ACK");
  c.answer(rds);
  const removal = await c.next();
  assert.deepEqual([removal.typeUrl, removal.resources.length, removal.removedResources], [CDS, 0, ["backend"]]);
  c.answer(removal);
  const edsRemoval = await c.next();
  assert.deepEqual([edsRemoval.typeUrl, edsRemoval.resources.length, edsRemoval.removedResources], [EDS, 0, ["backend"]], "then its load assignment");
  c.answer(edsRemoval);
  c.send({ typeUrl: EDS, unsubscribe: ["backend"] });
  assert.deepEqual(await c.drain(200), []);
  assert.deepEqual([...c.holds.get(CDS)!.keys()], ["backend2"]);
  c.close();
});

test("a NACK is reported once with the rejected resources and not resent", async () => {
  const h = await harness(snap(1));
  const c = await established(h);
  h.server.cache.setSnapshot(snap(2, { lbPolicy: "MAGLEV" }));
  const bad = await c.next();
  assert.equal(bad.typeUrl, CDS);
  c.answer(bad, "cluster backend: MAGLEV is not supported");
  await until("onNack", () => h.nacks.length === 1);
  const nack = h.nacks[0]!;
  assert.deepEqual([nack.typeUrl, nack.version, nack.nonce, nack.serial], [CDS, bad.systemVersionInfo, bad.nonce, 2]);
  assert.deepEqual(nack.resources, ["backend"]);
  assert.deepEqual(nack.sources.map((s) => `${s.kind}/${s.namespace}/${s.name}`), ["Mapping/default/service"]);
  const afterNack = await c.drain(400);
  assert.deepEqual(afterNack.map((r) => r.typeUrl), [EDS], "the rejected cluster is not resent; its load assignment is, as Envoy may have applied it");
  c.answer(afterNack[0]!);
  assert.deepEqual(await c.drain(300), []);
  assert.equal(h.nacks.length, 1);
  assert.equal(h.server.status()[0]!.types.find((t) => t.typeUrl === CDS)?.ackedSerial, 1);
  h.server.cache.setSnapshot(snap(3, { lbPolicy: "RING_HASH" }));
  const fixed = await c.next();
  assert.deepEqual([fixed.typeUrl, fixed.resources.map((r) => r.name)], [CDS, ["backend"]]);
  c.close();
});

test("reconnect with initial_resource_versions: held resources are not resent, vanished ones are removed", async () => {
  const h = await harness(snap(1));
  const first = await established(h);
  const held = Object.fromEntries([...first.holds].map(([t, m]) => [t, Object.fromEntries(m)]));
  first.close();
  // The client also reports a listener the server never had: it must be told to drop it.
  held[LDS] = { ...held[LDS], stale: "v0" };
  const c = new TestDeltaClient(h.server.port, "node-1");
  const got: string[] = [];
  for (const [typeUrl, names] of START) {
    c.send({ typeUrl, subscribe: names, initial: held[typeUrl] ?? {} });
    const r = await c.next();
    got.push(`${r.typeUrl.split(".").pop()} +${r.resources.map((x) => x.name)} -${r.removedResources}`);
    c.answer(r);
  }
  assert.deepEqual(got, ["Cluster + -", "ClusterLoadAssignment + -", "Listener + -stale", "RouteConfiguration + -"]);
  h.server.cache.setSnapshot(snap(2, { backendPort: 11 }));
  const eds = await c.next();
  assert.deepEqual([eds.typeUrl, eds.resources.map((r) => r.name)], [EDS, ["backend"]], "updates continue on the new stream");
  c.close();
});

test("subscribing again resends; a subscription to a missing name is answered as removed and sent when it appears", async () => {
  const h = await harness(snap(1));
  const c = await established(h);
  c.send({ typeUrl: RDS, subscribe: ["routes"] });
  const again = await c.next();
  assert.deepEqual([again.typeUrl, again.resources.map((r) => r.name)], [RDS, ["routes"]]);
  c.answer(again);
  c.send({ typeUrl: RDS, subscribe: ["other"] });
  const missing = await c.next();
  assert.deepEqual([missing.resources.length, missing.removedResources], [0, ["other"]]);
  c.answer(missing);
  h.server.cache.setSnapshot(snap(2, { routeName: "other" }));
  const appeared = await c.next();
  assert.equal(appeared.typeUrl, LDS, "the listener now names route configuration other");
  c.answer(appeared);
  const rds = await c.next();
  assert.deepEqual([rds.typeUrl, rds.resources.map((r) => r.name), rds.removedResources], [RDS, ["other"], ["routes"]]);
  c.close();
});

test("subscription changes on a stale nonce are honoured", async () => {
  const h = await harness(snap(1));
  const c = await established(h);
  h.server.cache.setSnapshot(snap(2, { lbPolicy: "RING_HASH" }));
  const cds = await c.next();
  assert.equal(cds.typeUrl, CDS);
  // Sent as if the CDS response had not arrived yet: an old nonce, with a new subscription.
  c.send({ typeUrl: RDS, subscribe: ["extra"], responseNonce: "stale-nonce" });
  const rds = await c.next();
  assert.deepEqual([rds.typeUrl, rds.removedResources], [RDS, ["extra"]]);
  assert.equal(h.nacks.length, 0);
  c.close();
});
