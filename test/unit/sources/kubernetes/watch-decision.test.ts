import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { KubeError } from "../../../../src/k8s/client.js";
import { decideError, decideEvent, delayAfterClose, retryAfterMs } from "../../../../src/sources/kubernetes/watch-decision.js";

const obj = (rv: string) => ({ metadata: { name: "a", namespace: "n", uid: "u", resourceVersion: rv } });

describe("watch decisions", () => {
  it("ADDED/MODIFIED upsert, DELETED removes, each advancing the resourceVersion", () => {
    assert.deepEqual(decideEvent({ type: "ADDED", object: obj("5") }), { action: "upsert", object: obj("5"), resourceVersion: "5" });
    assert.equal(decideEvent({ type: "MODIFIED", object: obj("6") }).action, "upsert");
    assert.deepEqual(decideEvent({ type: "DELETED", object: obj("7") }), { action: "delete", object: obj("7"), resourceVersion: "7" });
  });

  it("a BOOKMARK only advances the resourceVersion", () => {
    assert.deepEqual(decideEvent({ type: "BOOKMARK", object: { kind: "Mapping", metadata: { resourceVersion: "42" } } }), { action: "bookmark", resourceVersion: "42" });
  });

  it("an ERROR event with code 410 relists; other ERROR events fail", () => {
    const gone = { type: "ERROR", object: { kind: "Status", code: 410, reason: "Expired", message: "too old resource version: 1 (99)" } };
    assert.deepEqual(decideEvent(gone), { action: "relist", reason: "too old resource version: 1 (99)" });
    const other = decideEvent({ type: "ERROR", object: { kind: "Status", code: 500, message: "boom" } });
    assert.deepEqual(other, { action: "fail", reason: "500: boom" });
  });

  it("malformed or unknown events fail rather than being applied", () => {
    assert.equal(decideEvent("x").action, "fail");
    assert.equal(decideEvent({ type: "ADDED" }).action, "fail");
    assert.equal(decideEvent({ type: "WHATEVER", object: {} }).action, "fail");
  });

  it("HTTP 410 relists, 404 is a missing API, 403 forbidden, anything else backs off", () => {
    assert.equal(decideError(new KubeError(410, "", "GET x")), "relist");
    assert.equal(decideError(new KubeError(404, "", "GET x")), "missing");
    assert.equal(decideError(new KubeError(500, "", "GET x")), "backoff");
    assert.equal(decideError(new KubeError(403, "", "GET x")), "forbidden");
    assert.equal(decideError(new KubeError(401, "", "GET x")), "backoff");
    assert.equal(decideError(new Error("connect ECONNREFUSED")), "backoff");
  });

  it("a Status's retryAfterSeconds is honoured", () => {
    const busy = JSON.stringify({ kind: "Status", code: 429, details: { retryAfterSeconds: 1 } });
    assert.equal(retryAfterMs(new KubeError(429, busy, "GET x")), 1000);
    assert.equal(retryAfterMs(new KubeError(503, "not json", "GET x")), 0);
    assert.equal(retryAfterMs(new Error("x")), 0);
  });

  it("a watch closed at once waits the backoff; a healthy one only pauses", () => {
    assert.equal(delayAfterClose(50, 10_000, () => 4000, 100), 4000);
    assert.equal(delayAfterClose(12_000, 10_000, () => 4000, 100), 100);
  });
});
