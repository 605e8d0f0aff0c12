// The reporter driven by a real ControlPlane, with Envoy's ACKs and NACKs given by hand.
import { test } from "node:test";
import assert from "node:assert/strict";
import { EventEmitter } from "node:events";
import { ControlPlane } from "../../../src/runtime/control-plane.js";
import { XdsCache } from "../../../src/xds/cache.js";
import { TYPE_URLS } from "../../../src/xds/resource-types.js";
import { silentLogger } from "../../../src/util/logger.js";
import { StatusReporter } from "../../../src/status/reporter.js";
import type { StatusEntry } from "../../../src/status/types.js";
import type { SourceDocument } from "../../../src/core/source-document.js";

const mapping = (name: string, spec: Record<string, unknown>, generation: number): SourceDocument => ({
  value: { apiVersion: "getambassador.io/v3alpha1", kind: "Mapping", metadata: { name, namespace: "default", generation }, spec },
  location: { file: `k8s:Mapping/default/${name}`, line: 1 },
  text: "",
});

class Leader extends EventEmitter<{ change: [boolean] }> {
  leader = true;
  isLeader(): boolean {
    return this.leader;
  }
}

function setup() {
  const plane = new ControlPlane(new XdsCache(), {}, silentLogger);
  const submitted: StatusEntry[][] = [];
  const sink = { submit: (e: readonly StatusEntry[]) => void submitted.push([...e]), forgetKnown: () => {}, clearQueue: () => {}, retainOnly: () => {} };
  const leader = new Leader();
  const reporter = new StatusReporter(plane, sink, leader, { defaultNamespace: "default" });
  const ackAll = () => {
    const s = plane.status();
    for (const t of [TYPE_URLS.cluster, TYPE_URLS.listener, TYPE_URLS.route]) plane.handleAck({ nodeId: "n", typeUrl: t, version: s.versions[t] as string, serial: s.snapshotSerial });
  };
  const cond = (name: string, type: string) => reporter.current().find((e) => e.ref.name === name)?.status.conditions.find((c) => c.type === type);
  return { plane, submitted, leader, reporter, ackAll, cond };
}

test("Accepted from attache's verdict; Programmed follows Envoy's ACK and NACK", () => {
  const { plane, reporter, ackAll, cond } = setup();
  plane.apply({ generation: 1, documents: [mapping("good", { prefix: "/g/", service: "svc:80" }, 1), mapping("bad", { prefix: "/b/", service: "svc", timeout_ms: "abc" }, 4)], diagnostics: [] });
  reporter.tick();
  assert.deepEqual([cond("good", "Accepted")?.status, cond("good", "Programmed")?.reason], ["True", "Pending"]);
  assert.deepEqual([cond("bad", "Accepted")?.status, cond("bad", "Accepted")?.message, cond("bad", "Accepted")?.observedGeneration], ["False", "spec.timeout_ms: must be an integer", 4]);

  ackAll();
  reporter.tick();
  assert.equal(cond("good", "Programmed")?.status, "True");
  assert.equal(cond("good", "Programmed")?.observedGeneration, 1);

  plane.apply({ generation: 2, documents: [mapping("good", { prefix: "/g2/", service: "svc:80" }, 2)], diagnostics: [] });
  reporter.tick();
  assert.deepEqual([cond("good", "Programmed")?.status, cond("good", "Programmed")?.observedGeneration], ["Unknown", 2]);
  assert.equal(reporter.current().some((e) => e.ref.name === "bad"), false, "a deleted resource is no longer reported");

  const s = plane.status();
  plane.handleNack({
    nodeId: "n", typeUrl: TYPE_URLS.route, version: s.versions[TYPE_URLS.route] as string, serial: s.snapshotSerial, nonce: "x",
    message: "route rejected: something about /g2/", resources: ["r"], sources: [{ kind: "Mapping", namespace: "default", name: "good" }],
  });
  reporter.tick();
  assert.equal(cond("good", "Accepted")?.status, "True");
  assert.equal(cond("good", "Programmed")?.status, "False");
  assert.equal(cond("good", "Programmed")?.reason, "Rejected");
  assert.match(cond("good", "Programmed")?.message ?? "", /something about \/g2\//);
});

test("only the leader submits; gaining the lease submits everything at once", () => {
  const { plane, reporter, leader, submitted } = setup();
  leader.leader = false;
  plane.apply({ generation: 1, documents: [mapping("a", { prefix: "/a/", service: "svc" }, 1)], diagnostics: [] });
  reporter.tick(true);
  assert.equal(submitted.length, 0);
  leader.leader = true;
  leader.emit("change", true);
  assert.equal(submitted.length, 1);
  assert.deepEqual(submitted[0]?.map((e) => e.ref.name), ["a"]);
  reporter.tick();
  assert.equal(submitted.length, 1, "nothing changed: no new submission");
});
