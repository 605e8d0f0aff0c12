// A rolling restart as a Deployment does it, with two attache+Envoy instances behind a load
// balancer (a real Envoy health-checking check_ready, as a Service follows readiness): restart one,
// wait until it is back in rotation, then the other, while a load generator runs. Each instance
// drains on SIGTERM, so no request fails.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  describeOutcomes, freePorts, request, mapping, startAttache, startBackend, startBalancer, startOutcomeLoop, waitFor,
  type Attache, type AttachePorts, type Backend, type Balancer,
} from "./harness/index.js";

const DRAIN_ARGS = ["--drain-time-s", "2", "--shutdown-grace-s", "20"];

let backend: Backend;
let lb: Balancer;
let configDir = "";
const instances: Attache[] = [];
const ports: AttachePorts[] = [];

async function portSet(): Promise<AttachePorts> {
  const [listener, ads, admin, health, ready] = await freePorts(5);
  return { listener: listener!, ads: ads!, admin: admin!, health: health!, ready: ready! };
}

const start = (i: number) => startAttache({ configDir, ports: ports[i], extraArgs: DRAIN_ARGS });
const hostKey = (i: number) => `127.0.0.1:${ports[i]!.listener}`;

async function inRotation(i: number, healthy: boolean): Promise<void> {
  await waitFor(async () => (await lb.hosts())[hostKey(i)]?.healthy === healthy, 20_000, { what: `instance ${i} ${healthy ? "in" : "out of"} rotation` })
    .catch(async (err: Error) => {
      const ready = await request(ports[i]!.health, "/ambassador/v0/check_ready", { timeoutMs: 1000, agent: false }).then((r) => `${r.status} ${r.body}`, (e: Error) => e.message);
      throw new Error(`${err.message}\ncheck_ready: ${ready}\nbalancer: ${JSON.stringify(await lb.hosts())}\n${await lb.clusters()}\ninstance ${i}:\n${instances[i]?.output().slice(-3000)}`);
    });
}

/** SIGTERM, wait for the instance to exit by itself, start it again on the same ports. */
async function restart(i: number): Promise<number> {
  const old = instances[i]!;
  const t0 = Date.now();
  const step = (what: string) => console.log(`rolling restart: instance ${i} ${what} (+${Date.now() - t0} ms)`);
  const exited = new Promise<number | null>((resolve) => old.process.once("exit", (code) => resolve(code)));
  old.process.kill("SIGTERM");
  await inRotation(i, false);
  step("out of rotation");
  const code = await exited;
  step(`exited ${code}`);
  await old.stop();
  instances[i] = await start(i);
  step("started again");
  await inRotation(i, true);
  step("back in rotation");
  return code ?? -1;
}

describe("rolling restart behind a load balancer", { timeout: 180_000 }, () => {
  before(async () => {
    backend = await startBackend("rolling");
    configDir = mkdtempSync(join(tmpdir(), "attache-rolling-"));
    writeFileSync(join(configDir, "a.yaml"), mapping("a", { prefix: "/a/", service: backend.service }));
    ports.push(await portSet(), await portSet());
    instances.push(await start(0), await start(1));
    lb = await startBalancer(ports.map((p) => ({ listener: p.listener, health: p.health })));
    await inRotation(0, true);
    await inRotation(1, true);
  });
  after(async () => {
    await lb?.stop();
    for (const a of instances) await a.stop();
    await backend?.stop();
    rmSync(configDir, { recursive: true, force: true });
  });

  it("restarting one instance, then the other, under load: zero failed requests", async () => {
    const load = startOutcomeLoop({ port: lb.port, path: "/a/x", workers: 4, maxDurationMs: 120_000 });
    await waitFor(() => load.counts.ok >= 50, 10_000, { what: "load under way" });
    const codes = [await restart(0)];
    await waitFor(() => load.counts.ok >= 50 + 200, 20_000, { what: "load between restarts" });
    codes.push(await restart(1));
    const settled = load.counts.ok + 200;
    await waitFor(() => load.counts.ok >= settled, 20_000, { what: "load after the restarts" });
    const counts = await load.stop();
    const hosts = await lb.hosts();
    console.log(`rolling restart: ${describeOutcomes(counts)}; failed=${counts.sent - counts.ok}; per instance (requests since restart): ${JSON.stringify(hosts)}; exit codes ${codes.join(",")}`);
    assert.deepEqual(codes, [0, 0], "each instance exits cleanly by itself");
    assert.equal(counts.sent - counts.ok, 0, `zero failed requests: ${describeOutcomes(counts)}\n${lb.output().slice(-2000)}`);
    for (const i of [0, 1]) assert.ok((hosts[hostKey(i)]?.requests ?? 0) > 0, `the restarted instance ${i} serves again`);
  });
});
