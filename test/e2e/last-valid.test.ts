// Issue 16 item 8, through a real Envoy and under load: editing a live Mapping into an invalid
// state (which once gave 25,297 404s in 4 s) keeps its last valid version serving, and a
// duplicate-named Mapping in a new file does not take over the live route.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { findDiags, formatLoadReport, mapping, sleep, startAttache, startBackend, startLoad, statusOf, waitFor, type Attache, type Backend } from "../support/harness/index.js";

describe("live routes survive ordinary edits", () => {
  let alpha: Backend;
  let beta: Backend;
  let gw: Attache;
  before(async () => {
    alpha = await startBackend("alpha");
    beta = await startBackend("beta");
    gw = await startAttache({ manifests: { "live.yaml": mapping("live", { prefix: "/live/", service: alpha.service }) } });
  });
  after(async () => {
    await gw?.stop();
    await alpha?.stop();
    await beta?.stop();
  });

  it("an invalid edit and a duplicate newcomer leave the live route serving, with zero failed requests", async () => {
    const load = startLoad({ port: gw.ports.listener, paths: [{ path: "/live/x" }], rate: 100, concurrency: 4, maxDurationMs: 30_000 });
    await sleep(500);
    gw.writeManifest("live.yaml", mapping("live", { prefix: "/live/", service: alpha.service, timeout_ms: -1 }));
    const warned = await waitFor(async () => findDiags(await gw.diag(), { name: "live" }).find((d) => d.severity === "warning" && /last valid version keeps serving/.test(d.message)), 5000, { what: "the keep-serving warning" });
    assert.ok(warned);
    await sleep(1000);
    gw.writeManifest("zz-newcomer.yaml", mapping("live", { prefix: "/live/", service: beta.service }));
    await waitFor(async () => findDiags(await gw.diag(), { name: "live" }).some((d) => /already serving and keeps the name/.test(d.message)), 5000, { what: "the newcomer's error" });
    await sleep(1000);
    const report = await load.stop();
    const c = report.byPath["/live/x"]!;
    const reset = Object.entries(c.errors).filter(([e]) => /RESET/.test(e)).reduce((n, [, k]) => n + k, 0);
    console.log(`last-valid: requests sent ${c.total}, failed ${c.failed}, reset ${reset}; statuses ${JSON.stringify(c.statuses)}`);
    assert.ok(c.total > 100);
    assert.equal(c.failed, 0, formatLoadReport(report));
    assert.equal(beta.received.length, 0, "the newcomer never got the route");
    gw.removeManifest("zz-newcomer.yaml");
    gw.removeManifest("live.yaml");
    await waitFor(async () => (await statusOf(gw.ports.listener, "/live/x")) === 404, 5000, { what: "the deleted Mapping to stop serving" });
  });
});
