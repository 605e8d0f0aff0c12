import { test } from "node:test";
import assert from "node:assert/strict";
import { confirmRunning, newClientState, seedRunning, type SentResponse } from "../../../src/xds/client-state.js";
import { describeNack } from "../../../src/xds/nack.js";
import { CDS, Driver, EDS, LDS, RDS, res, snapshot, summary, ROUTE_MOVED, ROUTE_ON_A } from "./fixtures.js";

const S1 = ROUTE_ON_A;
/** Route r moves from cluster A to the new cluster B; A is gone from the target. */
const S2 = ROUTE_MOVED;

/** A client in the shape Envoy leaves it: everything of S1 requested and ACKed. */
function established(): Driver {
  const d = new Driver(newClientState("node-1"));
  d.request(CDS, []);
  assert.deepEqual(summary(d.push(S1)), ["CDS A"]);
  d.request(CDS, []);
  d.request(EDS, ["A"]);
  assert.deepEqual(summary(d.push(S1)), ["EDS A"]);
  d.request(EDS, ["A"]);
  d.request(LDS, []);
  assert.deepEqual(summary(d.push(S1)), ["LDS l"]);
  d.request(LDS, []);
  d.request(RDS, ["r"]);
  assert.deepEqual(summary(d.push(S1)), ["RDS r"]);
  assert.equal(d.request(RDS, ["r"]).kind, "ack");
  assert.deepEqual(d.push(S1), []);
  return d;
}

test("first requests are answered: wildcard CDS/LDS get the full set, EDS/RDS the requested names", () => {
  established();
});

test("make before break: CDS first, RDS only after EDS, old cluster removed only after the RDS ACK", () => {
  const d = established();
  // New snapshot: only CDS goes out, and it still holds A because the ACKed route uses it.
  const cds = d.push(S2);
  assert.deepEqual(summary(cds), ["CDS A,B"]);
  assert.notEqual(cds[0]!.version, S2.types[CDS]!.version, "a CDS holding kept clusters is not the target version");
  // Envoy asks for B's load assignment before ACKing CDS: answered at once (new subscription).
  d.request(EDS, ["A", "B"]);
  assert.deepEqual(summary(d.push(S2)), ["EDS A,B"]);
  assert.equal(d.request(CDS, []).kind, "ack");
  assert.deepEqual(d.push(S2), [], "nothing after CDS while EDS is in flight");
  assert.equal(d.request(EDS, ["A", "B"]).kind, "ack");
  // LDS is unchanged, so RDS is next.
  assert.deepEqual(summary(d.push(S2)), ["RDS r"]);
  // Until the RDS ACK the old route may still be live: A must stay.
  assert.deepEqual(d.push(S2), []);
  assert.equal(d.request(RDS, ["r"]).kind, "ack");
  const removal = d.push(S2);
  assert.deepEqual(summary(removal), ["CDS B"]);
  assert.equal(removal[0]!.version, S2.types[CDS]!.version, "the full target CDS carries the snapshot's version");
  d.request(CDS, []);
  d.request(EDS, ["B"]);
  assert.deepEqual(summary(d.push(S2)), ["EDS B"]);
  d.request(EDS, ["B"]);
  assert.deepEqual(d.push(S2), []);
});

test("types go out in push order when everything changes: CDS, then EDS, then LDS, then RDS", () => {
  const d = established();
  const S3 = snapshot(3, {
    [CDS]: [res(CDS, "A", "a2")],
    [EDS]: [res(EDS, "A", "ea2")],
    [LDS]: [res(LDS, "l", "l2", [])],
    [RDS]: [res(RDS, "r", "r2->A", ["A"])],
  });
  const order: string[] = [];
  for (let i = 0; i < 6; i++) {
    const sent = summary(d.push(S3));
    assert.ok(sent.length <= 1, `one type at a time, got ${sent.join(" | ")}`);
    order.push(...sent);
    for (const s of sent) {
      const [type, names = ""] = s.split(" ");
      const url = { CDS, EDS, LDS, RDS }[type as "CDS"];
      d.request(url, type === "CDS" || type === "LDS" ? [] : names.split(","));
    }
  }
  assert.deepEqual(order, ["CDS A", "EDS A", "LDS l", "RDS r"]);
});

test("a NACKed RDS is not resent, the last good routes keep their clusters, the rejection names the resource", () => {
  const d = established();
  d.push(S2);
  d.request(EDS, ["A", "B"]);
  d.push(S2);
  d.request(CDS, []);
  d.request(EDS, ["A", "B"]);
  assert.deepEqual(summary(d.push(S2)), ["RDS r"]);
  const outcome = d.request(RDS, ["r"], "route r: invalid regex");
  assert.equal(outcome.kind, "nack");
  if (outcome.kind !== "nack") return;
  const nack = describeNack("node-1", RDS, outcome.rejected, outcome.lastGood, outcome.message);
  assert.deepEqual(nack.resources, ["r"]);
  assert.equal(nack.message, "route r: invalid regex");
  assert.equal(nack.version, S2.types[RDS]!.version);
  assert.deepEqual(nack.sources.map((s) => s.name), ["m-r"]);
  // No resend loop and A stays: Envoy still routes to it with the last good route.
  for (let i = 0; i < 3; i++) {
    assert.deepEqual(d.push(S2), []);
    d.request(RDS, ["r"], "route r: invalid regex");
  }
  assert.deepEqual([...d.client.types.get(CDS)!.sent!.resources.keys()], ["A", "B"]);
  // A new snapshot with different routes is sent.
  const S3 = snapshot(3, { ...byTypeOf(S2), [RDS]: [res(RDS, "r", "r->B fixed", ["B"])] });
  assert.deepEqual(summary(d.push(S3)), ["RDS r"]);
});

test("a NACK names only the resources that differ from the last ACKed response", () => {
  const d = established();
  const S3 = snapshot(3, { ...byTypeOf(S1), [CDS]: [res(CDS, "A", "a1"), res(CDS, "C", "bad")] });
  assert.deepEqual(summary(d.push(S3)), ["CDS A,C"]);
  const outcome = d.request(CDS, [], "cluster C: MAGLEV not supported");
  assert.ok(outcome.kind === "nack");
  assert.deepEqual(describeNack("n", CDS, outcome.rejected, outcome.lastGood, outcome.message).resources, ["C"]);
  assert.deepEqual(d.push(S3), [], "the rejected CDS is not resent");
});

test("stale nonces are ignored; the first request of a type needs none", () => {
  const d = established();
  const S3 = snapshot(3, { ...byTypeOf(S1), [CDS]: [res(CDS, "A", "a2")] });
  d.push(S3);
  const inFlight = d.client.types.get(CDS)!.sent!.nonce;
  assert.equal(d.request(CDS, [], "old problem", "n1").kind, "stale");
  assert.equal(d.client.types.get(CDS)!.inFlight, true, "a stale NACK does not answer the response in flight");
  assert.equal(d.request(CDS, [], undefined, "").kind, "stale", "an empty nonce after a response is stale");
  assert.equal(d.request(CDS, [], undefined, inFlight).kind, "ack");
  assert.equal(d.request("type.googleapis.com/x.Unknown", [], undefined, "").kind, "request");
});

test("requested-but-missing names are remembered and sent once they appear", () => {
  const d = established();
  d.request(RDS, ["r", "later"]);
  assert.deepEqual(d.push(S1), [], "nothing new exists: no response");
  const S3 = snapshot(3, { ...byTypeOf(S1), [RDS]: [res(RDS, "later", "x", []), res(RDS, "r", "r->A", ["A"])] });
  assert.deepEqual(summary(d.push(S3)), ["RDS later,r"]);
});

test("a newly requested resource is sent even when unchanged", () => {
  const S3 = snapshot(3, { ...byTypeOf(S1), [RDS]: [res(RDS, "r", "r->A", ["A"]), res(RDS, "s", "s", [])] });
  const d = established();
  d.push(S3); // s exists but nobody asked for it: nothing sent
  d.request(RDS, ["r"]);
  assert.deepEqual(d.push(S3), []);
  d.request(RDS, ["r", "s"]);
  assert.deepEqual(summary(d.push(S3)), ["RDS r,s"]);
  d.request(RDS, ["r"]);
  d.push(S3);
  d.request(RDS, ["r"]);
  d.request(RDS, ["r", "s"]);
  assert.deepEqual(summary(d.push(S3)), ["RDS r,s"], "resubscribing resends s");
});

test("wildcard: '*' and the legacy empty list; explicit CDS names get only those; no duplicates", () => {
  const S3 = snapshot(3, { [CDS]: [res(CDS, "a", "1"), res(CDS, "b", "1"), res(CDS, "c", "1")] });
  const star = new Driver(newClientState("n"));
  star.request(CDS, ["*"]);
  assert.deepEqual(summary(star.push(S3)), ["CDS a,b,c"]);
  const named = new Driver(newClientState("n"));
  named.request(CDS, ["b", "b", "zz"]);
  assert.deepEqual(summary(named.push(S3)), ["CDS b"]);
  // After naming resources an empty list unsubscribes instead of meaning wildcard.
  named.request(CDS, []);
  assert.deepEqual(summary(named.push(S3)), ["CDS"]);
  const eds = new Driver(newClientState("n"));
  eds.request(EDS, []);
  assert.deepEqual(summary(eds.push(S3)), ["EDS"], "an empty EDS request is not a wildcard");
});

test("unknown type URLs get an empty response with a version, once", () => {
  const d = new Driver(newClientState("n"));
  const url = "type.googleapis.com/envoy.config.unknown.v3.Thing";
  d.request(url, ["x"]);
  const sent = d.push(S1);
  assert.equal(sent.length, 1);
  assert.equal(sent[0]!.typeUrl, url);
  assert.equal(sent[0]!.resources.length, 0);
  assert.ok(sent[0]!.version.length > 0);
  d.request(url, ["x"]);
  assert.deepEqual(d.push(S1), []);
});

test("after an updated cluster is ACKed its unchanged load assignment is resent; new clusters are not pushed unasked", () => {
  const d = established();
  const S3 = snapshot(3, { ...byTypeOf(S1), [CDS]: [res(CDS, "A", "a2"), res(CDS, "N", "n")], [EDS]: [res(EDS, "A", "ea1"), res(EDS, "N", "en")] });
  assert.deepEqual(summary(d.push(S3)), ["CDS A,N"]);
  d.request(EDS, ["A"]); // a request with unchanged names before the ACK: nothing new
  assert.deepEqual(d.push(S3), []);
  d.request(CDS, []);
  assert.deepEqual(summary(d.push(S3)), ["EDS A"], "A warms again and needs its assignment");
  d.request(EDS, ["A"]);
  assert.deepEqual(d.push(S3), []);
  d.request(EDS, ["A", "N"]);
  assert.deepEqual(summary(d.push(S3)), ["EDS A,N"]);
});

test("a reconnecting client starts from what it ACKed before: its routes' clusters are kept", () => {
  const old = established();
  const running = new Map<string, SentResponse>([CDS, EDS, LDS, RDS].map((t) => [t, old.client.types.get(t)!.acked!]));
  const d = new Driver(seedRunning(newClientState("node-1"), running));
  assert.deepEqual(d.push(S2), [], "nothing is sent for types the new stream has not asked for");
  d.client = confirmRunning(d.client, CDS, running.get(CDS)!.version);
  d.request(CDS, []);
  assert.deepEqual(summary(d.push(S2)), ["CDS A,B"], "A stays: the routes the client runs use it");

  // A client reporting other versions (e.g. a restarted Envoy) runs nothing of it: no keeping.
  const fresh = new Driver(seedRunning(newClientState("node-1"), running));
  for (const t of [CDS, EDS, LDS, RDS]) fresh.client = confirmRunning(fresh.client, t, "");
  fresh.request(CDS, []);
  fresh.request(RDS, ["r"]);
  assert.deepEqual(summary(fresh.push(S2)), ["CDS B", "RDS r"]);
});

function byTypeOf(s: ReturnType<typeof snapshot>): Record<string, ReturnType<typeof res>[]> {
  const out: Record<string, ReturnType<typeof res>[]> = {};
  for (const [url, t] of Object.entries(s.types)) out[url] = [...t.resources.values()];
  return out;
}
