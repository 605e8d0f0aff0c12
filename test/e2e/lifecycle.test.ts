// The supervised Envoy's life: a crashed Envoy is restarted and gets the config again, and
// SIGTERM stops attache cleanly with no Envoy left behind.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  publishLog,
  envoyPids, isAlive, mapping, request, startAttache, startBackend, statusOf, timeUntil, waitFor,
  type Attache, type Backend,
} from "../support/harness/index.js";

let alpha: Backend;
let gw: Attache;

describe("Envoy lifecycle under attache", () => {
  before(async () => {
    alpha = await startBackend("alpha");
    gw = await startAttache({ manifests: { "a.yaml": mapping("a", { prefix: "/a/", service: alpha.service }) } });
    await waitFor(async () => (await statusOf(gw.ports.listener, "/a/x")) === 200, 2000, { what: "/a/x to serve 200" });
  });
  after(async () => {
    await gw?.stop();
    await alpha?.stop();
  });

  it("a killed Envoy is restarted and serves the current config again", async () => {
    const [first] = envoyPids(gw.process.pid!);
    assert.ok(first, `no envoy process under attache (pid ${gw.process.pid})`);
    // A change made before the crash must be in the config the new Envoy gets.
    gw.writeManifest("b.yaml", mapping("b", { prefix: "/b/", service: alpha.service }));
    await waitFor(async () => (await statusOf(gw.ports.listener, "/b/x")) === 200, 2000, { what: "/b/x to serve 200" });
    process.kill(first, "SIGKILL");
    await waitFor(() => !isAlive(first), 2000, { what: `envoy ${first} to die` });
    const back = await timeUntil(async () => (await statusOf(gw.ports.listener, "/b/x")) === 200, 20_000, { what: "/b/x to serve 200 from a restarted Envoy" })
      .catch((err) => {
        throw new Error(`${(err as Error).message}\n${gw.output().slice(-4000)}`);
      });
    console.log(`lifecycle: restarted Envoy served again ${back.ms} ms after the kill`);
    const [second] = envoyPids(gw.process.pid!);
    assert.ok(second && second !== first, `a new Envoy runs (${first} -> ${second})`);
    assert.equal(await statusOf(gw.ports.listener, "/a/x"), 200);
    await waitFor(async () => (await request(gw.ports.health, "/ambassador/v0/check_ready")).status === 200, 5000, { what: "check_ready 200 after the restart" });
  });

  it("SIGTERM stops attache cleanly within 5 s and leaves no Envoy behind", async () => {
    const envoys = envoyPids(gw.process.pid!);
    assert.ok(envoys.length > 0, "an Envoy is running");
    const exited = new Promise<void>((resolve) => gw.process.once("exit", () => resolve()));
    process.kill(gw.process.pid!, "SIGTERM");
    const started = Date.now();
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    const took = Date.now() - started;
    assert.ok(gw.process.exitCode !== null || gw.process.signalCode !== null, `attache still running ${took} ms after SIGTERM\n${gw.output().slice(-3000)}`);
    assert.equal(gw.process.exitCode, 0, `attache exit code after SIGTERM (signal ${gw.process.signalCode})`);
    for (const pid of envoys) assert.ok(!isAlive(pid), `envoy ${pid} outlived attache`);
    assert.equal(await statusOf(gw.ports.listener, "/a/x"), 0, "the listener is closed");
    console.log(`lifecycle: attache stopped ${took} ms after SIGTERM`);
  });
});

describe("an empty config dir", () => {
  let backend: Backend;
  let empty: Attache;
  before(async () => {
    backend = await startBackend("alpha");
    empty = await startAttache({});
  });
  after(async () => {
    await empty?.stop();
    await backend?.stop();
  });

  it("is ready, answers 404, and serves the first Mapping written", async () => {
    assert.equal((await request(empty.ports.health, "/ambassador/v0/check_ready")).status, 200);
    assert.equal(await statusOf(empty.ports.listener, "/anything"), 404);
    empty.writeManifest("first.yaml", mapping("first", { prefix: "/first/", service: backend.service }));
    const { ms } = await timeUntil(async () => (await statusOf(empty.ports.listener, "/first/x")) === 200, 10_000, { what: "/first/x to serve 200" });
    console.log(`lifecycle: first Mapping in an empty dir served after ${ms} ms`);
    assert.ok(ms <= 1000, `took ${ms} ms` + publishLog(empty.stderr()));
  });
});
