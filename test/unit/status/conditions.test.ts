import { test } from "node:test";
import assert from "node:assert/strict";
import { computeStatus, kubeTime } from "../../../src/status/conditions.js";
import type { Diagnostic } from "../../../src/core/diagnostics.js";
import type { ResourceFacts } from "../../../src/status/types.js";

const ref = { kind: "Mapping", namespace: "default", name: "quote" };
const T0 = "2026-01-01T00:00:00Z";
const T1 = "2026-01-01T00:01:00Z";
const facts = (diagnostics: Diagnostic[] = [], envoyAcked = false, generation = 3): ResourceFacts => ({ ref, generation, diagnostics, envoyAcked });
const diag = (severity: Diagnostic["severity"], stage: Diagnostic["stage"], message: string, field?: string): Diagnostic => ({ severity, stage, ref, message, ...(field ? { field } : {}) });
const cond = (s: ReturnType<typeof computeStatus>, type: string) => s.conditions.find((c) => c.type === type);

test("a valid resource is Accepted and Pending until Envoy ACKs", () => {
  const s = computeStatus(facts(), undefined, T0);
  assert.equal(s.observedGeneration, 3);
  assert.deepEqual(cond(s, "Accepted"), { type: "Accepted", status: "True", reason: "Accepted", message: "accepted", observedGeneration: 3, lastTransitionTime: T0 });
  assert.equal(cond(s, "Programmed")?.status, "Unknown");
  assert.equal(cond(s, "Programmed")?.reason, "Pending");
  assert.equal(s.state, "Running");
});

test("an invalid resource is not Accepted; the message names the field", () => {
  const s = computeStatus(facts([diag("error", "resources", "must be an integer", "spec.timeout_ms")]), undefined, T0);
  assert.equal(cond(s, "Accepted")?.status, "False");
  assert.equal(cond(s, "Accepted")?.reason, "Invalid");
  assert.equal(cond(s, "Accepted")?.message, "spec.timeout_ms: must be an integer");
  assert.equal(cond(s, "Programmed")?.status, "False");
  assert.equal(s.state, "Inactive");
  assert.equal(s.reason, "spec.timeout_ms: must be an integer");
});

test("warnings stay Accepted and are listed in the message", () => {
  const s = computeStatus(facts([diag("warning", "ir", "shadowed by Mapping default/other", "spec.prefix")], true), undefined, T0);
  assert.equal(cond(s, "Accepted")?.status, "True");
  assert.match(cond(s, "Accepted")?.message ?? "", /^accepted with warnings: spec\.prefix: shadowed by Mapping default\/other$/);
  assert.equal(cond(s, "Programmed")?.status, "True");
});

test("an Envoy rejection: Accepted by attache, Programmed False with Envoy's message", () => {
  const s = computeStatus(facts([diag("error", "envoy", "Envoy rejected: regex too big")], true), undefined, T0);
  assert.equal(cond(s, "Accepted")?.status, "True");
  assert.deepEqual([cond(s, "Programmed")?.status, cond(s, "Programmed")?.reason, cond(s, "Programmed")?.message], ["False", "Rejected", "Envoy rejected: regex too big"]);
  assert.equal(s.state, "Inactive");
});

test("lastTransitionTime moves only when a condition's status changes", () => {
  const pending = computeStatus(facts(), undefined, T0);
  const again = computeStatus(facts(), pending, T1);
  assert.deepEqual(again, pending);
  const acked = computeStatus(facts([], true), again, T1);
  assert.equal(cond(acked, "Accepted")?.lastTransitionTime, T0);
  assert.equal(cond(acked, "Programmed")?.lastTransitionTime, T1);
});

test("a live generation stays Programmed while a newer snapshot awaits its ACK; a new generation does not", () => {
  const live = computeStatus(facts([], true), undefined, T0);
  assert.equal(cond(computeStatus(facts([], false), live, T1), "Programmed")?.status, "True");
  assert.equal(cond(computeStatus(facts([], false, 4), live, T1), "Programmed")?.status, "Unknown");
});

test("non-Mappings get conditions without Ambassador's state; no generation means none reported", () => {
  const s = computeStatus({ ref: { kind: "Host", namespace: "default", name: "h" }, diagnostics: [], envoyAcked: true }, undefined, T0);
  assert.equal(s.state, undefined);
  assert.equal("observedGeneration" in s, false);
  assert.equal(s.conditions.length, 2);
});

test("kubeTime has whole seconds", () => {
  assert.equal(kubeTime(new Date("2026-02-03T04:05:06.789Z")), "2026-02-03T04:05:06Z");
});
