// Issue 16 item 2: another local ADS client (any node id but the supervised Envoy's) sends a
// NACK quoting a live Mapping's values, the way attache attributes real NACKs. It may read
// config, but the route must keep serving: the NACK is only logged.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { TYPE_URLS } from "../../src/xds/resource-types.js";
import { TestAdsClient } from "../unit/xds/ads-client.js";
import { formatLoadReport, mapping, sleep, startAttache, startBackend, startLoad, statusOf, waitFor, type Attache, type Backend } from "../support/harness/index.js";

describe("a forged NACK from another ADS client", () => {
  let backend: Backend;
  let gw: Attache;
  before(async () => {
    backend = await startBackend("alpha");
    gw = await startAttache({ manifests: { "victim.yaml": mapping("victim", { prefix: "/victim-route/", service: backend.service }) } });
  });
  after(async () => {
    await gw?.stop();
    await backend?.stop();
  });

  it("is logged and quarantines nothing; the route keeps serving", async () => {
    const load = startLoad({ port: gw.ports.listener, paths: [{ path: "/victim-route/x" }], rate: 50, concurrency: 2, maxDurationMs: 20_000 });
    const intruder = new TestAdsClient(gw.ports.ads, "intruder");
    try {
      intruder.send({ typeUrl: TYPE_URLS.route, resourceNames: [`listener-${gw.ports.listener}-routes`] });
      const r = await intruder.next(5000);
      assert.ok(r.resources.length > 0, "other clients may still read configuration");
      intruder.answer(r, [`listener-${gw.ports.listener}-routes`], "route prefix '/victim-route/' is invalid");
      await waitFor(() => gw.stderr().includes("logged only, nothing quarantined"), 3000, { what: "the forged NACK to be logged" });
      await sleep(1000);
      assert.equal(await statusOf(gw.ports.listener, "/victim-route/x"), 200, "the route still serves");
      const diag = await gw.diag();
      assert.ok(!JSON.stringify(diag.diagnostics ?? []).includes("Envoy rejected"), "no resource is reported as rejected");
    } finally {
      intruder.close();
      const report = await load.stop();
      const c = report.byPath["/victim-route/x"]!;
      console.log(`forged-nack: requests sent ${c.total}, failed ${c.failed}, reset ${Object.entries(c.errors).filter(([e]) => /RESET/.test(e)).reduce((n, [, k]) => n + k, 0)}`);
      console.log(formatLoadReport(report));
      assert.ok(c.total > 0);
      assert.equal(c.failed, 0, formatLoadReport(report));
    }
  });
});
