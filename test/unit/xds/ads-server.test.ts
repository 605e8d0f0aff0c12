import { test } from "node:test";
import assert from "node:assert/strict";
import { fromBinary } from "@bufbuild/protobuf";
import { Client, credentials, status as grpcStatus } from "@grpc/grpc-js";
import { ClusterSchema } from "#gen/envoy/config/cluster/v3/cluster_pb.js";
import { TYPE_URLS } from "../../../src/xds/resource-types.js";
import { adsServiceDefinition } from "../../../src/xds/grpc-service.js";
import { TestAdsClient } from "./ads-client.js";
import { harness, snap, startTracked, until, type Harness } from "./ads-test-server.js";

const { cluster: CDS, endpoint: EDS, listener: LDS, route: RDS } = TYPE_URLS;

/** Requests and ACKs every type the way Envoy does at start; returns the client. */
async function established(h: Harness, nodeId = "node-1"): Promise<TestAdsClient> {
  const c = new TestAdsClient(h.server.port, nodeId);
  for (const [typeUrl, names] of [[CDS, []], [EDS, ["backend"]], [LDS, []], [RDS, ["routes"]]] as const) {
    c.send({ typeUrl, resourceNames: [...names] });
    const r = await c.next();
    assert.equal(r.typeUrl, typeUrl);
    c.answer(r, [...names]);
  }
  await until("4 ACKs", () => h.acks.filter((a) => a.nodeId === nodeId).length === 4);
  return c;
}

test("serves each type with the snapshot's bytes and version, and reports ACKs", async () => {
  const s1 = snap(1);
  const h = await harness(s1);
  const c = new TestAdsClient(h.server.port, "node-1");
  c.send({ typeUrl: CDS });
  const r = await c.next();
  assert.equal(r.versionInfo, s1.types[CDS]!.version);
  assert.ok(r.nonce.length > 0);
  assert.equal(r.resources.length, 1);
  assert.equal(r.resources[0]!.typeUrl, CDS);
  assert.deepEqual(new Uint8Array(r.resources[0]!.value), s1.types[CDS]!.resources.get("backend")!.bytes, "the snapshot's bytes, not a re-encoding");
  assert.equal(fromBinary(ClusterSchema, r.resources[0]!.value).name, "backend");
  c.answer(r, []);
  await until("CDS ACK", () => h.acks.length === 1);
  assert.deepEqual(h.acks[0], { nodeId: "node-1", typeUrl: CDS, version: s1.types[CDS]!.version, serial: 1 });
  c.close();
  await until("stream cleanup", () => h.server.status()[0]?.streams === 0 && h.server.cache.watchedNodes().length === 0);
  const st = h.server.status();
  assert.equal(st[0]!.nodeId, "node-1");
  assert.deepEqual(st[0]!.types.map((t) => [t.typeUrl, t.ackedVersion, t.ackedSerial]), [[CDS, s1.types[CDS]!.version, 1]]);
});

test("a NACK is reported once with the rejected resources and never resent; a new snapshot is sent", async () => {
  const h = await harness(snap(1));
  const c = await established(h);
  h.server.cache.setSnapshot(snap(2, { lbPolicy: "MAGLEV" }));
  const bad = await c.next();
  assert.equal(bad.typeUrl, CDS);
  c.answer(bad, [], "cluster backend: MAGLEV is not supported");
  await until("onNack", () => h.nacks.length === 1);
  const nack = h.nacks[0]!;
  assert.equal(nack.nodeId, "node-1");
  assert.equal(nack.typeUrl, CDS);
  assert.equal(nack.version, bad.versionInfo);
  assert.equal(nack.nonce, bad.nonce);
  assert.equal(nack.message, "cluster backend: MAGLEV is not supported");
  assert.deepEqual(nack.resources, ["backend"]);
  assert.deepEqual(nack.sources.map((s) => `${s.kind}/${s.namespace}/${s.name}`), ["Mapping/default/service"]);
  const afterNack = await c.drain(400);
  assert.deepEqual(afterNack.map((r) => r.typeUrl), [EDS], "the rejected CDS is not resent; only the updated cluster's load assignment");
  c.answer(afterNack[0]!, ["backend"]);
  assert.deepEqual(await c.drain(300), []);
  assert.equal(h.nacks.length, 1);
  const st = h.server.status()[0]!;
  assert.equal(st.lastNack?.nonce, bad.nonce);
  assert.equal(st.types.find((t) => t.typeUrl === CDS)?.ackedSerial, 1, "the last good CDS is still the ACKed one");
  h.server.cache.setSnapshot(snap(3, { lbPolicy: "RING_HASH" }));
  const fixed = await c.next();
  assert.equal(fixed.typeUrl, CDS);
  assert.notEqual(fixed.versionInfo, bad.versionInfo);
  c.close();
});

test("make before break on a live stream: the old cluster stays until the route switch is ACKed", async () => {
  const h = await harness(snap(1));
  const c = await established(h);
  h.server.cache.setSnapshot(snap(2, { cluster: "backend2" }));
  const cds = await c.next();
  assert.equal(cds.typeUrl, CDS);
  assert.deepEqual(cds.resources.map((a) => fromBinary(ClusterSchema, a.value).name), ["backend", "backend2"]);
  c.resubscribe(EDS, ["backend", "backend2"]);
  const eds = await c.next();
  assert.equal(eds.typeUrl, EDS);
  assert.equal(eds.resources.length, 2);
  assert.deepEqual(await c.drain(200), [], "no LDS/RDS while CDS and EDS are unanswered");
  c.answer(cds, []);
  c.answer(eds, ["backend", "backend2"]);
  const rds = await c.next();
  assert.equal(rds.typeUrl, RDS);
  assert.deepEqual(await c.drain(200), [], "CDS keeps backend until the RDS ACK");
  c.answer(rds, ["routes"]);
  const removal = await c.next();
  assert.equal(removal.typeUrl, CDS);
  assert.deepEqual(removal.resources.map((a) => fromBinary(ClusterSchema, a.value).name), ["backend2"]);
  assert.equal(removal.versionInfo, snap(2, { cluster: "backend2" }).types[CDS]!.version);
  c.close();
});

test("make before break holds across a reconnect: the new stream keeps the clusters the client runs", async () => {
  const h = await harness(snap(1));
  const c1 = await established(h);
  const running = new Map([...c1.latest].map(([t, r]) => [t, r.versionInfo]));
  c1.close();
  await until("stream cleanup", () => h.server.status()[0]?.streams === 0);
  h.server.cache.setSnapshot(snap(2, { cluster: "backend2" }));
  const c2 = new TestAdsClient(h.server.port, "node-1");
  c2.send({ typeUrl: CDS, versionInfo: running.get(CDS)! });
  const cds = await c2.next();
  assert.deepEqual(cds.resources.map((a) => fromBinary(ClusterSchema, a.value).name), ["backend", "backend2"]);
  c2.close();
});

test("a request with a stale nonce is ignored", async () => {
  const h = await harness(snap(1));
  const c = await established(h);
  const before = h.acks.length;
  h.server.cache.setSnapshot(snap(2, { backendPort: 10 }));
  const eds = await c.next();
  assert.equal(eds.typeUrl, EDS);
  c.send({ typeUrl: EDS, resourceNames: ["backend"], responseNonce: "stale-nonce", error: "old" });
  assert.deepEqual(await c.drain(200), []);
  assert.equal(h.nacks.length, 0, "a stale NACK is not a NACK of the response in flight");
  c.answer(eds, ["backend"]);
  await until("EDS ACK", () => h.acks.length === before + 1);
  assert.equal(h.acks.at(-1)!.serial, 2);
  c.close();
});

test("a throwing onAck listener does not break the stream", async () => {
  const errors: string[] = [];
  const logger = { debug() {}, info() {}, warn() {}, error: (m: string) => void errors.push(m), child: () => logger };
  const server = await startTracked({ host: "127.0.0.1", port: 0, logger, onAck: () => { throw new Error("listener bug"); } });
  server.cache.setSnapshot(snap(1));
  const c = new TestAdsClient(server.port, "n");
  c.send({ typeUrl: CDS });
  c.answer(await c.next(), []);
  c.send({ typeUrl: LDS });
  assert.equal((await c.next()).typeUrl, LDS);
  assert.deepEqual(errors, ["xDS onAck listener failed"]);
  c.close();
});

test("an unknown type URL gets an empty response with a version", async () => {
  const h = await harness(snap(1));
  const c = new TestAdsClient(h.server.port, "n");
  c.send({ typeUrl: "type.googleapis.com/envoy.config.unknown.v3.Thing", resourceNames: ["x"] });
  const r = await c.next();
  assert.equal(r.resources.length, 0);
  assert.ok(r.versionInfo.length > 0);
  c.close();
});

test("requests before the first snapshot are answered once it arrives", async () => {
  const server = await startTracked({ host: "127.0.0.1", port: 0 });
  const c = new TestAdsClient(server.port, "early");
  c.send({ typeUrl: LDS });
  assert.deepEqual(await c.drain(150), []);
  server.cache.setSnapshot(snap(1));
  const r = await c.next();
  assert.equal(r.typeUrl, LDS);
  assert.equal(r.resources.length, 1);
  c.close();
});

test("an undecodable request ends only its own stream, which is cleaned up", async () => {
  const h = await harness(snap(1));
  const good = await established(h, "good");
  const m = adsServiceDefinition.StreamAggregatedResources;
  const client = new Client(`127.0.0.1:${h.server.port}`, credentials.createInsecure());
  const raw = (b: Buffer): Buffer => b;
  const call = client.makeBidiStreamRequest(m.path, raw, raw);
  const ended = new Promise<number>((resolve) => call.on("error", (e: { code: number }) => resolve(e.code)));
  call.write(Buffer.from([0x0a, 0xff, 0xff, 0xff])); // a field whose length runs past the end
  assert.notEqual(await ended, grpcStatus.OK);
  client.close();
  h.server.cache.setSnapshot(snap(2, { backendPort: 11 }));
  assert.equal((await good.next()).typeUrl, EDS, "other streams keep being served");
  assert.deepEqual(h.server.status().map((s) => [s.nodeId, s.streams]), [["good", 1]]);
  good.close();
});

test("many concurrent streams are served and cleaned up", async () => {
  const h = await harness(snap(1));
  const clients = Array.from({ length: 30 }, (_, i) => new TestAdsClient(h.server.port, `node-${i % 5}`));
  for (const c of clients) c.send({ typeUrl: CDS });
  const firsts = await Promise.all(clients.map((c) => c.next()));
  assert.ok(firsts.every((r) => r.typeUrl === CDS && r.resources.length === 1));
  assert.equal(new Set(firsts.map((r) => r.nonce)).size, 30, "nonces are unique even across streams");
  for (const c of clients) c.answer(firsts[clients.indexOf(c)]!, []);
  await until("30 ACKs", () => h.acks.length === 30);
  assert.deepEqual(h.server.status().map((s) => s.streams), [6, 6, 6, 6, 6]);
  h.server.cache.setSnapshot(snap(2, { lbPolicy: "RING_HASH" }));
  const seconds = await Promise.all(clients.map((c) => c.next()));
  assert.ok(seconds.every((r) => r.typeUrl === CDS && r.versionInfo !== firsts[0]!.versionInfo));
  for (const c of clients) c.close();
  await until("all streams closed", () => h.server.status().every((s) => s.streams === 0) && h.server.cache.watchedNodes().length === 0);
});

