// Live reconfiguration under load: Mapping files are edited, added and deleted while a steady
// stream of requests goes to two routes that never change. Those must never fail, and every
// change must take effect within 1 s of the file write. A third loaded route switches its
// service back and forth (new cluster, old cluster removed): it must never fail either.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { join } from "node:path";
import {
  publishLog,
  echoFrom, formatLoadReport, mapping, resource, request, sleep, startAttache, startBackend, startLoad, statusOf, timeUntil, waitFor,
  type Attache, type Backend, type Load,
} from "../support/harness/index.js";

const CHANGE_DEADLINE_MS = 1000;
const MEASURE_TIMEOUT_MS = 10_000;

let alpha: Backend;
let beta: Backend;
let gw: Attache;
let load: Load | undefined;
const figures: string[] = [];

function record(what: string, ms: number): void {
  figures.push(`${what}: ${ms} ms`);
  console.log(`live-reconfig: ${what} took ${ms} ms`);
}

describe("live reconfiguration under load", () => {
  before(async () => {
    alpha = await startBackend("alpha");
    beta = await startBackend("beta");
    gw = await startAttache({
      manifests: {
        "stable-a.yaml": mapping("stable-a", { prefix: "/stable-a/", service: alpha.service }),
        "stable-b.yaml": mapping("stable-b", { prefix: "/stable-b/", service: beta.service }),
        "edit.yaml": mapping("edit", { prefix: "/edit/", rewrite: "/v1/", service: alpha.service }),
        "switch.yaml": mapping("switch", { prefix: "/switch/", service: alpha.service }),
      },
    });
    for (const p of ["/stable-a/", "/stable-b/", "/edit/", "/switch/"]) {
      await waitFor(async () => (await statusOf(gw.ports.listener, p)) === 200, 2000, { what: `${p} to serve 200` });
    }
    load = startLoad({
      port: gw.ports.listener,
      paths: [{ path: "/stable-a/ping" }, { path: "/stable-b/ping" }, { path: "/switch/ping" }],
      rate: 180,
      concurrency: 8,
      maxDurationMs: 120_000,
    });
    await sleep(1000);
  });
  after(async () => {
    if (load) await load.stop({ quiet: true });
    if (figures.length) console.log(`live-reconfig figures:\n  ${figures.join("\n  ")}`);
    await gw?.stop();
    await Promise.all([alpha?.stop(), beta?.stop()]);
  });

  it("an edited rewrite takes effect within 1 s", async () => {
    for (const version of ["v2", "v3", "v4"]) {
      gw.writeManifest("edit.yaml", mapping("edit", { prefix: "/edit/", rewrite: `/${version}/`, service: alpha.service }));
      const { ms } = await timeUntil(async () => {
        const res = await request(gw.ports.listener, "/edit/x");
        return res.status === 200 && res.json?.path === `/${version}/x`;
      }, MEASURE_TIMEOUT_MS, { what: `/edit/x to reach alpha as /${version}/x` });
      record(`edit rewrite -> /${version}/`, ms);
      assert.ok(ms <= CHANGE_DEADLINE_MS, `rewrite /${version}/ took ${ms} ms (> ${CHANGE_DEADLINE_MS})` + publishLog(gw.stderr()));
    }
  });

  it("an added Mapping serves 200 within 1 s, a deleted one answers 404 within 1 s", async () => {
    for (let i = 1; i <= 4; i++) {
      const file = `added-${i}.yaml`;
      const path = `/added-${i}/x`;
      gw.writeManifest(file, mapping(`added-${i}`, { prefix: `/added-${i}/`, service: beta.service }));
      const added = await timeUntil(async () => (await statusOf(gw.ports.listener, path)) === 200, MEASURE_TIMEOUT_MS, { what: `${path} to serve 200` });
      record(`add ${file}`, added.ms);
      echoFrom(await request(gw.ports.listener, path), "beta", path);
      assert.ok(added.ms <= CHANGE_DEADLINE_MS, `new route ${path} took ${added.ms} ms (> ${CHANGE_DEADLINE_MS})` + publishLog(gw.stderr()));
    }
    for (let i = 1; i <= 4; i++) {
      const file = `added-${i}.yaml`;
      const path = `/added-${i}/x`;
      gw.removeManifest(file);
      const removed = await timeUntil(async () => (await statusOf(gw.ports.listener, path)) === 404, MEASURE_TIMEOUT_MS, { what: `${path} to answer 404` });
      record(`delete ${file}`, removed.ms);
      assert.ok(removed.ms <= CHANGE_DEADLINE_MS, `deleted route ${path} took ${removed.ms} ms to 404 (> ${CHANGE_DEADLINE_MS})` + publishLog(gw.stderr()));
    }
  });

  it("a file with several Mappings added at once serves all of them within 1 s", async () => {
    const names = ["batch-1", "batch-2", "batch-3"];
    const yaml = names.map((n) => mapping(n, { prefix: `/${n}/`, service: alpha.service })).join("---\n");
    gw.writeManifest("batch.yaml", yaml);
    const { ms } = await timeUntil(async () => {
      const statuses = await Promise.all(names.map((n) => statusOf(gw.ports.listener, `/${n}/x`)));
      return statuses.every((s) => s === 200);
    }, MEASURE_TIMEOUT_MS, { what: "all batch routes to serve 200" });
    record("add batch.yaml (3 Mappings)", ms);
    assert.ok(ms <= CHANGE_DEADLINE_MS, `batch took ${ms} ms (> ${CHANGE_DEADLINE_MS})` + publishLog(gw.stderr()));
    gw.removeManifest("batch.yaml");
    await waitFor(async () => (await statusOf(gw.ports.listener, "/batch-1/x")) === 404, MEASURE_TIMEOUT_MS, { what: "/batch-1/x to answer 404" });
  });

  it("a Mapping in a new subdirectory serves within 1 s, and goes with the directory", async () => {
    gw.writeManifest("team-new/sub/m.yaml", mapping("in-subdir", { prefix: "/in-subdir/", service: beta.service }));
    const added = await timeUntil(async () => (await statusOf(gw.ports.listener, "/in-subdir/x")) === 200, MEASURE_TIMEOUT_MS, { what: "/in-subdir/ to serve 200" });
    record("add team-new/sub/m.yaml (new directories)", added.ms);
    assert.ok(added.ms <= CHANGE_DEADLINE_MS, `new subdirectory route took ${added.ms} ms (> ${CHANGE_DEADLINE_MS})` + publishLog(gw.stderr()));
    rmSync(join(gw.configDir, "team-new"), { recursive: true });
    const removed = await timeUntil(async () => (await statusOf(gw.ports.listener, "/in-subdir/x")) === 404, MEASURE_TIMEOUT_MS, { what: "/in-subdir/ to answer 404" });
    record("remove directory team-new", removed.ms);
    assert.ok(removed.ms <= CHANGE_DEADLINE_MS, `removed directory took ${removed.ms} ms to 404 (> ${CHANGE_DEADLINE_MS})` + publishLog(gw.stderr()));
  });

  it("a burst of 30 files written back to back is served in full within 1 s of the last write", async () => {
    const names = Array.from({ length: 30 }, (_, i) => `burst-${i}`);
    for (const n of names) gw.writeManifest(`${n}.yaml`, mapping(n, { prefix: `/${n}/`, service: alpha.service }));
    const { ms } = await timeUntil(async () => {
      const statuses = await Promise.all(names.map((n) => statusOf(gw.ports.listener, `/${n}/x`)));
      return statuses.every((s) => s === 200);
    }, MEASURE_TIMEOUT_MS, { what: "all 30 burst routes to serve 200" });
    record("burst of 30 files", ms);
    assert.ok(ms <= CHANGE_DEADLINE_MS, `burst took ${ms} ms (> ${CHANGE_DEADLINE_MS})` + publishLog(gw.stderr()));
    for (const n of names) gw.removeManifest(`${n}.yaml`);
    const gone = await timeUntil(async () => {
      const statuses = await Promise.all(names.map((n) => statusOf(gw.ports.listener, `/${n}/x`)));
      return statuses.every((s) => s === 404);
    }, MEASURE_TIMEOUT_MS, { what: "all 30 burst routes to answer 404" });
    record("burst of 30 deletions", gone.ms);
    assert.ok(gone.ms <= CHANGE_DEADLINE_MS, `burst deletion took ${gone.ms} ms (> ${CHANGE_DEADLINE_MS})` + publishLog(gw.stderr()));
  });

  it("a route switching its service under load moves within 1 s", async () => {
    for (const [i, target] of [beta, alpha, beta].entries()) {
      gw.writeManifest("switch.yaml", mapping("switch", { prefix: "/switch/", service: target.service }));
      const { ms } = await timeUntil(async () => {
        const res = await request(gw.ports.listener, "/switch/x");
        return res.status === 200 && res.json?.backend === target.name;
      }, MEASURE_TIMEOUT_MS, { what: `/switch/ to reach ${target.name}` });
      record(`switch #${i + 1} -> ${target.name}`, ms);
      assert.ok(ms <= CHANGE_DEADLINE_MS, `switch to ${target.name} took ${ms} ms (> ${CHANGE_DEADLINE_MS})` + publishLog(gw.stderr()));
      await sleep(300);
    }
  });

  it("files rewritten in place (truncate + write, as editors do) never drop their routes", async () => {
    for (let i = 0; i < 5; i++) {
      const yaml = mapping("stable-a", { prefix: "/stable-a/", service: alpha.service }) + `# saved ${i}\n`;
      gw.writeManifest("stable-a.yaml", yaml, { inPlace: true });
      gw.writeManifest("edit.yaml", mapping("edit", { prefix: "/edit/", rewrite: `/inplace-${i}/`, service: alpha.service }), { inPlace: true });
      const { ms } = await timeUntil(async () => (await request(gw.ports.listener, "/edit/x")).json?.path === `/inplace-${i}/x`, MEASURE_TIMEOUT_MS, {
        what: `/edit/ to rewrite to /inplace-${i}/`,
      });
      record(`in-place edit #${i + 1}`, ms);
      assert.ok(ms <= CHANGE_DEADLINE_MS, `in-place edit took ${ms} ms (> ${CHANGE_DEADLINE_MS})` + publishLog(gw.stderr()));
      await sleep(100);
    }
  });

  it("Mapping changes cost no failed request and no connection reset on the loaded routes", async () => {
    const counts = Object.values(load!.current());
    const problems = counts.filter((c) => c.failed > 0 || c.retried > 0);
    assert.deepEqual(
      problems.map((c) => `${c.path}: ${c.failed} failed ${JSON.stringify(c.statuses)} ${JSON.stringify(c.errors)}, ${c.retried} keep-alive resets`),
      [],
      "route-only changes must not touch listeners or connections",
    );
    assert.ok(counts.every((c) => c.ok > 0));
  });

  // A Module change rewrites the HTTP connection manager, so Envoy drains the listener's
  // connections: clients may see a kept-alive socket closed (and retry), never an error status.
  it("adding, editing and removing the ambassador Module does not disturb serving", async () => {
    for (const name of ["attache-e2e-1", "attache-e2e-2"]) {
      gw.writeManifest("module.yaml", resource("Module", "ambassador", { config: { server_name: name } }));
      const { ms } = await timeUntil(async () => (await request(gw.ports.listener, "/stable-a/x")).headers["server"] === name, MEASURE_TIMEOUT_MS, {
        what: `responses to carry server: ${name}`,
      });
      record(`Module server_name -> ${name}`, ms);
      assert.ok(ms <= 2 * CHANGE_DEADLINE_MS, `Module change took ${ms} ms` + publishLog(gw.stderr()));
      await sleep(1500);
    }
    gw.removeManifest("module.yaml");
    const { ms } = await timeUntil(async () => (await request(gw.ports.listener, "/stable-a/x")).headers["server"] !== "attache-e2e-2", MEASURE_TIMEOUT_MS, {
      what: "the Module's server_name to go away",
    });
    record("Module removed", ms);
    await sleep(1500);
  });

  it("the loaded routes never failed while all that happened", async () => {
    await sleep(1000);
    const report = await load!.stop();
    load = undefined;
    const a = report.byPath["/stable-a/ping"]!;
    const b = report.byPath["/stable-b/ping"]!;
    const sw = report.byPath["/switch/ping"]!;
    const expectedMin = (report.durationMs / 1000) * 180 * 0.5;
    assert.ok(report.sent >= expectedMin, `only ${report.sent} requests sent in ${report.durationMs} ms\n${formatLoadReport(report)}`);
    assert.equal(a.failed, 0, `failed requests on /stable-a/:\n${formatLoadReport(report)}`);
    assert.equal(b.failed, 0, `failed requests on /stable-b/:\n${formatLoadReport(report)}`);
    assert.equal(sw.failed, 0, `failed requests on /switch/ while its service changed:\n${formatLoadReport(report)}`);
    assert.ok(a.ok > 0 && b.ok > 0 && sw.ok > 0);
  });
});
