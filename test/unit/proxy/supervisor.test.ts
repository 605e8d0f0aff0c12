import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildBootstrap } from "../../../src/proxy/bootstrap.js";
import { writeBootstrap } from "../../../src/proxy/bootstrap-file.js";
import { adminRequest, envoyPrometheusStats, runtimeModify, runtimeValues } from "../../../src/proxy/envoy-admin.js";
import { regexLimitRuntime } from "../../../src/proxy/runtime-keys.js";
import { EnvoySupervisor } from "../../../src/proxy/supervisor.js";
import { createLogger } from "../../../src/util/logger.js";
import { envoyBinForTests, freePorts, httpGet, isAlive, readyAnswers, waitFor } from "./support.js";

interface Recorded {
  events: string[];
  lines: string[];
}

async function setup(t: { after: (fn: () => Promise<void>) => void }) {
  const dir = await mkdtemp(join(tmpdir(), "attache-supervisor-"));
  const [adsPort, adminPort, readyPort] = (await freePorts(3)) as [number, number, number];
  // Nothing serves ADS here: a short initial fetch timeout lets Envoy open its listeners anyway.
  const bootstrap = buildBootstrap({ adsPort, adminPort, readyPort, initialFetchTimeout: "0.25s" });
  const bootstrapPath = await writeBootstrap(dir, bootstrap);
  const rec: Recorded = { events: [], lines: [] };
  const logger = createLogger({ level: "debug", sink: (l) => rec.lines.push(l) });
  const sup = new EnvoySupervisor({
    envoyBin: envoyBinForTests(),
    bootstrapPath,
    concurrency: 1,
    drainTimeS: 1,
    logLevel: "info",
    logger,
    backoff: { initialMs: 100, maxMs: 400, resetAfterMs: 30_000 },
    stopGraceMs: 5_000,
  });
  sup.on("started", (pid) => rec.events.push(`started ${pid}`));
  sup.on("exited", (code, signal) => rec.events.push(`exited ${code} ${signal}`));
  sup.on("restarting", (ms) => rec.events.push(`restarting ${ms}`));
  t.after(async () => {
    await sup.stop();
    await rm(dir, { recursive: true, force: true });
  });
  return { sup, rec, adminPort, readyPort, dir };
}

test("runs the real Envoy: its ready listener and admin answer, its output reaches the logger", async (t) => {
  const { sup, rec, adminPort, readyPort } = await setup(t);
  const pid = await sup.start();
  assert.equal(sup.pid, pid);
  assert.deepEqual(rec.events, [`started ${pid}`]);
  await waitFor("Envoy's /ready listener", () => readyAnswers(readyPort));
  const ready = await httpGet(readyPort, "/ready");
  assert.equal(ready.status, 200);
  assert.equal(ready.body, "ready\n");
  assert.equal(ready.headers.server, "envoy");
  assert.equal((await httpGet(readyPort, "/other")).status, 404);
  const info = await httpGet(adminPort, "/server_info");
  assert.equal(info.status, 200);
  assert.equal(JSON.parse(info.body).state, "LIVE");
  // Envoy's own startup lines, prefixed and mapped to our levels.
  assert.ok(rec.lines.some((l) => / info envoy: \[.*\]\[info\]\[main\]/.test(l)), rec.lines.slice(0, 5).join("\n"));
  assert.ok(rec.lines.some((l) => / warn envoy: .*initial fetch timed out/.test(l)));
  // The admin runtime layer overrides the bootstrap's static one while Envoy runs.
  assert.equal((await runtimeValues(adminPort))["re2.max_program_size.error_level"], "200");
  await runtimeModify(adminPort, regexLimitRuntime(5000));
  const after = await runtimeValues(adminPort);
  assert.equal(after["re2.max_program_size.error_level"], "5000");
  assert.equal(after["re2.max_program_size.warn_level"], "100");
  // It is Envoy's health state that answers: failing health checks turns /ready into 503.
  assert.equal((await adminRequest(adminPort, "POST", "/healthcheck/fail")).status, 200);
  assert.equal((await httpGet(readyPort, "/ready")).status, 503);
  await adminRequest(adminPort, "POST", "/healthcheck/ok");
  assert.equal((await httpGet(readyPort, "/ready")).status, 200);
  assert.match(await envoyPrometheusStats(adminPort), /^# TYPE envoy_\w+ (counter|gauge|histogram)$/m);
});

test("the Envoy command line: bootstrap, no hot restart, drain time, log level; concurrency only when set", () => {
  const base = { envoyBin: "/bin/envoy", bootstrapPath: "/w/b.json" };
  assert.deepEqual(new EnvoySupervisor(base).envoyArgs(), [
    "-c", "/w/b.json", "--disable-hot-restart", "--drain-time-s", "5", "--log-level", "info",
  ]);
  assert.deepEqual(new EnvoySupervisor({ ...base, drainTimeS: 0, logLevel: "warning", concurrency: 3, extraArgs: ["--x"] }).envoyArgs(), [
    "-c", "/w/b.json", "--disable-hot-restart", "--drain-time-s", "0", "--log-level", "warning", "--concurrency", "3", "--x",
  ]);
});

test("restarts Envoy after it is SIGKILLed: new pid, ready listener answers again", async (t) => {
  const { sup, rec, readyPort } = await setup(t);
  const first = await sup.start();
  await waitFor("first Envoy ready", () => readyAnswers(readyPort));
  const restarted = new Promise<number>((resolve) => sup.once("started", resolve));
  process.kill(first, "SIGKILL");
  const second = await restarted;
  assert.notEqual(second, first);
  assert.equal(sup.pid, second);
  assert.equal(isAlive(first), false);
  await waitFor("restarted Envoy ready", () => readyAnswers(readyPort));
  assert.deepEqual(rec.events, [`started ${first}`, "exited null SIGKILL", "restarting 100", `started ${second}`]);
  assert.ok(rec.lines.some((l) => / error envoy exited .*signal=SIGKILL/.test(l)));
});

test("stop() terminates Envoy with SIGTERM, does not restart it, and leaves no process", async (t) => {
  const { sup, rec, readyPort } = await setup(t);
  const pid = await sup.start();
  await waitFor("Envoy ready", () => readyAnswers(readyPort));
  await sup.stop();
  assert.equal(isAlive(pid), false);
  assert.equal(sup.pid, undefined);
  await new Promise((r) => setTimeout(r, 300)); // longer than the first backoff step
  // Envoy exits 0 on SIGTERM; nothing is restarted.
  assert.deepEqual(rec.events, [`started ${pid}`, "exited 0 null"]);
  await assert.rejects(httpGet(readyPort, "/ready"));
  await sup.stop(); // idempotent
  await assert.rejects(sup.start(), /cannot start from state stopped/);
});

test("a crash-looping Envoy is restarted with exponential, capped backoff", async (t) => {
  const { sup, rec, dir } = await setup(t);
  const broken = new EnvoySupervisor({
    envoyBin: envoyBinForTests(),
    bootstrapPath: join(dir, "does-not-exist.json"),
    concurrency: 1,
    backoff: { initialMs: 20, maxMs: 80, resetAfterMs: 30_000 },
  });
  const delays: number[] = [];
  const pids = new Set<number>();
  broken.on("started", (pid) => pids.add(pid));
  broken.on("restarting", (ms) => delays.push(ms));
  t.after(() => broken.stop());
  await broken.start();
  await waitFor("five restarts", () => delays.length >= 5, 30_000);
  await broken.stop();
  assert.deepEqual(delays.slice(0, 5), [20, 40, 80, 80, 80]);
  assert.ok(pids.size >= 5);
  for (const pid of pids) assert.equal(isAlive(pid), false);
  assert.deepEqual(rec.events, []); // the other supervisor was never started
});

test("start() fails clearly when the Envoy binary is not executable", async (t) => {
  const { dir } = await setup(t);
  const sup = new EnvoySupervisor({ envoyBin: join(dir, "no-envoy-here"), bootstrapPath: join(dir, "x.json") });
  await assert.rejects(sup.start(), /no-envoy-here is not an executable file/);
});
