// Live reconfiguration under load: Mapping files are edited, added and deleted while a steady
// stream of requests goes to two routes that never change. Those must never fail, and every
// change must take effect within 1 s of the file write.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  echoFrom, formatLoadReport, mapping, request, sleep, startAttache, startBackend, startLoad, statusOf, timeUntil, waitFor,
  type Attache, type Backend, type Load,
} from "./harness/index.js";

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
      },
    });
    for (const p of ["/stable-a/", "/stable-b/", "/edit/"]) {
      await waitFor(async () => (await statusOf(gw.ports.listener, p)) === 200, 2000, { what: `${p} to serve 200` });
    }
    load = startLoad({
      port: gw.ports.listener,
      paths: [{ path: "/stable-a/ping" }, { path: "/stable-b/ping" }],
      rate: 150,
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
      assert.ok(ms <= CHANGE_DEADLINE_MS, `rewrite /${version}/ took ${ms} ms (> ${CHANGE_DEADLINE_MS})`);
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
      assert.ok(added.ms <= CHANGE_DEADLINE_MS, `new route ${path} took ${added.ms} ms (> ${CHANGE_DEADLINE_MS})`);
    }
    for (let i = 1; i <= 4; i++) {
      const file = `added-${i}.yaml`;
      const path = `/added-${i}/x`;
      gw.removeManifest(file);
      const removed = await timeUntil(async () => (await statusOf(gw.ports.listener, path)) === 404, MEASURE_TIMEOUT_MS, { what: `${path} to answer 404` });
      record(`delete ${file}`, removed.ms);
      assert.ok(removed.ms <= CHANGE_DEADLINE_MS, `deleted route ${path} took ${removed.ms} ms to 404 (> ${CHANGE_DEADLINE_MS})`);
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
    assert.ok(ms <= CHANGE_DEADLINE_MS, `batch took ${ms} ms (> ${CHANGE_DEADLINE_MS})`);
    gw.removeManifest("batch.yaml");
    await waitFor(async () => (await statusOf(gw.ports.listener, "/batch-1/x")) === 404, MEASURE_TIMEOUT_MS, { what: "/batch-1/x to answer 404" });
  });

  it("the unchanged routes never failed while all that happened", async () => {
    await sleep(1000);
    const report = await load!.stop();
    load = undefined;
    const a = report.byPath["/stable-a/ping"]!;
    const b = report.byPath["/stable-b/ping"]!;
    const expectedMin = (report.durationMs / 1000) * 150 * 0.5;
    assert.ok(report.sent >= expectedMin, `only ${report.sent} requests sent in ${report.durationMs} ms\n${formatLoadReport(report)}`);
    assert.equal(a.failed, 0, `failed requests on /stable-a/:\n${formatLoadReport(report)}`);
    assert.equal(b.failed, 0, `failed requests on /stable-b/:\n${formatLoadReport(report)}`);
    assert.ok(a.ok > 0 && b.ok > 0);
  });
});
