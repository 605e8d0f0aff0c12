// Issue 16 item 9: check_ready follows Envoy's own ready listener, with a timeout. A frozen
// Envoy (SIGSTOP) once made no difference: check_ready stayed 200 while Envoy's /ready timed
// out. Now it turns 503 and names the reason, and comes back when Envoy does.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { envoyPids, mapping, request, startAttache, startBackend, waitFor, type Attache, type Backend } from "../support/harness/index.js";

describe("readiness follows Envoy's /ready", () => {
  let backend: Backend;
  let gw: Attache;
  let frozen: number[] = [];
  before(async () => {
    backend = await startBackend("alpha");
    gw = await startAttache({ manifests: { "m.yaml": mapping("m", { prefix: "/m/", service: backend.service }) } });
  });
  after(async () => {
    for (const pid of frozen) process.kill(pid, "SIGCONT");
    await gw?.stop();
    await backend?.stop();
  });

  it("a frozen Envoy makes check_ready 503 within the probe timeout; it recovers with Envoy", async () => {
    const ready = () => request(gw.ports.health, "/ambassador/v0/check_ready", { timeoutMs: 5000 });
    assert.equal((await ready()).status, 200);
    frozen = envoyPids(gw.process.pid!);
    assert.ok(frozen.length > 0, "found the Envoy process");
    for (const pid of frozen) process.kill(pid, "SIGSTOP");
    const started = Date.now();
    const down = await ready();
    console.log(`readiness: with Envoy stopped, check_ready answered ${down.status} after ${Date.now() - started} ms: ${down.body.trim()}`);
    assert.equal(down.status, 503);
    assert.match(down.body, /Envoy's \/ready did not answer within 1000 ms/);
    for (const pid of frozen) process.kill(pid, "SIGCONT");
    frozen = [];
    await waitFor(async () => (await ready()).status === 200, 5000, { what: "check_ready to be 200 again" });
  });
});
