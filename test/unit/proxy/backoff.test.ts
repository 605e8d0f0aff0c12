import { test } from "node:test";
import assert from "node:assert/strict";
import { backoffDelay } from "../../../src/util/backoff.js";
import { DEFAULT_RESTART_POLICY as DEFAULT_BACKOFF, onChildDeath } from "../../../src/proxy/restart-pacing.js";
import { envoyLineLevel } from "../../../src/proxy/envoy-log.js";

test("default backoff: 250 ms doubling, capped at 10 s", () => {
  const delays = Array.from({ length: 9 }, (_, i) => backoffDelay(DEFAULT_BACKOFF, i));
  assert.deepEqual(delays, [250, 500, 1000, 2000, 4000, 8000, 10_000, 10_000, 10_000]);
  assert.equal(backoffDelay(DEFAULT_BACKOFF, 10_000), 10_000);
});

test("consecutive quick deaths back off further; a run of 30 s or more starts over", () => {
  let failures = 0;
  const seen: number[] = [];
  for (const uptime of [100, 100, 100, 29_999]) {
    const next = onChildDeath(DEFAULT_BACKOFF, failures, uptime);
    seen.push(next.delayMs);
    failures = next.failures;
  }
  assert.deepEqual(seen, [250, 500, 1000, 2000]);
  const afterStable = onChildDeath(DEFAULT_BACKOFF, failures, 30_000);
  assert.deepEqual(afterStable, { delayMs: 250, failures: 1 });
});

test("Envoy log lines map onto attache levels", () => {
  const line = (lvl: string) => `[2026-11-26 12:00:00.000][42][${lvl}][main] [source/server/server.cc:1] hello`;
  assert.equal(envoyLineLevel(line("trace")), "debug");
  assert.equal(envoyLineLevel(line("debug")), "debug");
  assert.equal(envoyLineLevel(line("info")), "info");
  assert.equal(envoyLineLevel(line("warning")), "warn");
  assert.equal(envoyLineLevel(line("error")), "error");
  assert.equal(envoyLineLevel(line("critical")), "error");
  assert.equal(envoyLineLevel("#0: Envoy::SignalAction::sigHandler() [0x55]"), "info");
  assert.equal(envoyLineLevel(line("weird")), "info");
});
