import { test } from "node:test";
import assert from "node:assert/strict";
import { describeNack } from "../../../src/xds/nack.js";
import { CDS, EDS, LDS, RDS, res, snapshot, ROUTE_MOVED, ROUTE_ON_A } from "./fixtures.js";
import { DeltaDriver, deltaSummary } from "./delta-driver.js";

const S1 = ROUTE_ON_A;
/** Route r moves from cluster A to the new cluster B; A is gone from the target. */
const S2 = ROUTE_MOVED;

/** A client in the shape Envoy leaves it: everything of S1 subscribed and ACKed. */
function established(d = new DeltaDriver()): DeltaDriver {
  d.request(CDS);
  assert.deepEqual(deltaSummary(d.push(S1)), ["CDS +A"]);
  d.request(CDS);
  d.request(EDS, { subscribe: ["A"] });
  assert.deepEqual(deltaSummary(d.push(S1)), ["EDS +A"]);
  d.request(EDS);
  d.request(LDS);
  assert.deepEqual(deltaSummary(d.push(S1)), ["LDS +l"]);
  d.request(LDS);
  d.request(RDS, { subscribe: ["r"] });
  assert.deepEqual(deltaSummary(d.push(S1)), ["RDS +r"]);
  assert.equal(d.request(RDS).kind, "ack");
  assert.deepEqual(d.push(S1), [], "nothing more once everything is ACKed");
  return d;
}

test("implicit wildcard for CDS/LDS, named subscriptions for EDS/RDS; versions are content hashes", () => {
  const d = established();
  const cds = d.client.types.get(CDS)!;
  assert.equal(cds.wildcard, true);
  assert.equal(d.client.types.get(EDS)!.wildcard, false, "EDS has no implicit wildcard");
  assert.equal(cds.acked?.resources.get("A")?.hash, "A:a1");
  assert.equal(cds.acked?.version, S1.types[CDS]!.version, "system version is the type's snapshot version");
});

test("the first request is answered even when there is nothing to send", () => {
  const d = new DeltaDriver();
  d.request(CDS);
  const first = d.push(snapshot(1, {}));
  assert.deepEqual(deltaSummary(first), ["CDS"]);
  assert.equal(first[0]!.resources.length + first[0]!.removed.length, 0);
});

test("explicit * subscribes to everything; unsubscribing * and names stops updates", () => {
  const d = new DeltaDriver();
  d.request(EDS, { subscribe: ["*"] });
  assert.deepEqual(deltaSummary(d.push(S1)), ["EDS +A"]);
  d.request(EDS, { unsubscribe: ["*"] });
  assert.deepEqual(d.push(S2), [], "no longer subscribed: B is not sent, A not removed");
  d.request(RDS, { subscribe: ["r", "other"] });
  assert.deepEqual(deltaSummary(d.push(S1)), ["RDS +r -other"], "a missing named resource is reported removed");
  d.request(RDS, { unsubscribe: ["r"] });
  assert.deepEqual(d.push(S2), [], "r changed but is unsubscribed");
  d.request(RDS, { subscribe: ["r"] });
  assert.deepEqual(deltaSummary(d.push(S2)), ["RDS +r"]);
});

test("only changed resources go out; removed ones are named", () => {
  const d = established();
  const s = snapshot(2, {
    [CDS]: [res(CDS, "A", "a1")],
    [EDS]: [res(EDS, "A", "ea1")],
    [LDS]: [res(LDS, "l", "l1", []), res(LDS, "m", "m1", [])],
    [RDS]: [res(RDS, "r", "r->A", ["A"])],
  });
  assert.deepEqual(deltaSummary(d.push(s)), ["LDS +m"]);
  d.request(LDS);
  assert.deepEqual(deltaSummary(d.push(S1)), ["LDS -m"]);
});

test("a resource subscribed again is resent unchanged; a missing one is sent when it appears", () => {
  const d = established();
  d.request(RDS, { subscribe: ["r"] });
  assert.deepEqual(deltaSummary(d.push(S1)), ["RDS +r"], "asked again: resent");
  d.request(RDS, { subscribe: ["late"] });
  assert.deepEqual(deltaSummary(d.push(S1)), ["RDS -late"]);
  d.request(RDS);
  const withLate = snapshot(2, { ...Object.fromEntries(Object.entries(S1.types).map(([t, ts]) => [t, [...ts.resources.values()]])), [RDS]: [res(RDS, "r", "r->A", ["A"]), res(RDS, "late", "x", [])] });
  assert.deepEqual(deltaSummary(d.push(withLate)), ["RDS +late"]);
});

test("subscription changes count even with a stale nonce", () => {
  const d = established();
  d.push(snapshot(2, { ...typesOf(S1), [CDS]: [res(CDS, "A", "a2")] }));
  const outcome = d.request(EDS, { subscribe: ["A"], nonce: "old-nonce" });
  assert.equal(outcome.kind, "stale");
  assert.ok(d.client.types.get(EDS)!.fresh.has("A"), "the subscription was applied");
});

test("make before break: CDS first, RDS after EDS, the old cluster removed only after the RDS ACK", () => {
  const d = established();
  assert.deepEqual(deltaSummary(d.push(S2)), ["CDS +B"], "A stays while the ACKed route uses it");
  d.request(EDS, { subscribe: ["B"] });
  assert.deepEqual(deltaSummary(d.push(S2)), ["EDS +B"], "a new subscription is answered at once");
  assert.equal(d.request(CDS).kind, "ack");
  assert.deepEqual(d.push(S2), [], "nothing after CDS while EDS is in flight");
  assert.equal(d.request(EDS).kind, "ack");
  assert.deepEqual(deltaSummary(d.push(S2)), ["RDS +r"], "LDS unchanged, RDS next");
  assert.deepEqual(d.push(S2), [], "A stays until the RDS ACK");
  assert.equal(d.request(RDS).kind, "ack");
  assert.deepEqual(deltaSummary(d.push(S2)), ["CDS -A"]);
  d.request(CDS);
  d.request(EDS, { unsubscribe: ["A"] });
  assert.deepEqual(d.push(S2), [], "the client drops A's load assignment itself");
  assert.deepEqual([...d.client.types.get(EDS)!.acked!.resources.keys()], ["B"]);
});

test("NACK: recorded once with the rejected resources, not resent; a later fix goes out", () => {
  const d = established();
  const bad = snapshot(2, { ...typesOf(S1), [RDS]: [res(RDS, "r", "r-bad", ["A"])] });
  assert.deepEqual(deltaSummary(d.push(bad)), ["RDS +r"]);
  const outcome = d.request(RDS, { error: "bad regex" });
  assert.equal(outcome.kind, "nack");
  if (outcome.kind !== "nack") return;
  const rec = describeNack("node-1", RDS, outcome.rejected, outcome.lastGood, outcome.message);
  assert.deepEqual(rec.resources, ["r"]);
  assert.deepEqual(rec.sources.map((s) => s.name), ["m-r"]);
  assert.equal(rec.serial, 2);
  assert.deepEqual(d.push(bad), [], "no resend of the rejected content");
  assert.equal(d.request(RDS).kind, "request", "a later request is not a second NACK");
  assert.deepEqual(d.push(bad), []);
  assert.equal(d.client.types.get(RDS)!.acked!.resources.get("r")!.hash, "r:r->A", "the last good one still runs");
  const fixed = snapshot(3, { ...typesOf(S1), [RDS]: [res(RDS, "r", "r-fixed", ["A"])] });
  assert.deepEqual(deltaSummary(d.push(fixed)), ["RDS +r"]);
});

test("reconnect: initial_resource_versions are not resent; vanished ones are removed; kept clusters stay", () => {
  const old = established();
  const memory = new Map([...old.client.types].map(([t, ts]) => [t, ts.acked!]));
  // New stream, target S2 (route moved to B). Envoy reports what it holds, CDS first.
  const d = new DeltaDriver("node-1", memory, S2);
  d.request(CDS, { initial: { A: "A:a1" } });
  assert.deepEqual(deltaSummary(d.push(S2)), ["CDS +B"], "A is held at its version and still used by the remembered route");
  d.request(CDS);
  d.request(EDS, { subscribe: ["A", "B"], initial: { A: "A:ea1" } });
  assert.deepEqual(deltaSummary(d.push(S2)), ["EDS +B"]);
  d.request(EDS);
  d.request(LDS, { initial: { l: "l:l1", gone: "g:1" } });
  assert.deepEqual(deltaSummary(d.push(S2)), ["LDS -gone"]);
  d.request(LDS);
  d.request(RDS, { subscribe: ["r"], initial: { r: "r:r->A" } });
  assert.deepEqual(deltaSummary(d.push(S2)), ["RDS +r"]);
  d.request(RDS);
  assert.deepEqual(deltaSummary(d.push(S2)), ["CDS -A"], "A goes once the route update is ACKed");
});

test("reconnect with everything current: one empty answer per type, nothing resent", () => {
  const d = new DeltaDriver("node-2", new Map(), S1);
  d.request(CDS, { initial: { A: "A:a1" } });
  d.request(EDS, { subscribe: ["A"], initial: { A: "A:ea1" } });
  d.request(LDS, { initial: { l: "l:l1" } });
  d.request(RDS, { subscribe: ["r"], initial: { r: "r:r->A" } });
  assert.deepEqual(deltaSummary(d.push(S1)), ["CDS", "EDS", "LDS", "RDS"], "first requests answered, empty");
  for (const t of [CDS, EDS, LDS, RDS]) assert.equal(d.request(t).kind, "ack");
  assert.deepEqual(d.push(S1), []);
});

test("an updated cluster's load assignment is resent once the CDS update is ACKed", () => {
  const d = established();
  const s = snapshot(2, { ...typesOf(S1), [CDS]: [res(CDS, "A", "a2")] });
  assert.deepEqual(deltaSummary(d.push(s)), ["CDS +A"]);
  d.request(CDS);
  assert.deepEqual(deltaSummary(d.push(s)), ["EDS +A"]);
});

function typesOf(s: ReturnType<typeof snapshot>): Record<string, ReturnType<typeof res>[]> {
  return Object.fromEntries(Object.entries(s.types).map(([t, ts]) => [t, [...ts.resources.values()]]));
}
