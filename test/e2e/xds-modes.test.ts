// Both ADS flavours through a real Envoy: `attache run --xds-mode delta` (incremental,
// DELTA_GRPC, the default) and `--xds-mode sotw` (state of the world, GRPC) must behave the
// same: routing works, route changes take effect within 1 s, a cluster switch under load
// drops nothing, and a configuration Envoy rejects is recorded once and never resent.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  echoFrom, formatLoadReport, runAttacheCli, mapping, parseStats, request, sleep, startAttache, startBackend, startLoad, statusOf, sumStats, timeUntil, waitFor,
  type Attache, type Backend, type Load,
} from "../support/harness/index.js";

const CHANGE_DEADLINE_MS = 1000;
const MEASURE_TIMEOUT_MS = 10_000;
const RDS_REJECTED = /\.rds\..*\.update_rejected$/;
const API_TYPES = { delta: "DELTA_GRPC", sotw: "GRPC" } as const;

for (const mode of ["delta", "sotw"] as const) {
  describe(`xDS mode ${mode}`, () => {
    let alpha: Backend;
    let beta: Backend;
    let gw: Attache;
    let load: Load | undefined;

    before(async () => {
      alpha = await startBackend("alpha");
      beta = await startBackend("beta");
      gw = await startAttache({
        extraArgs: ["--xds-mode", mode],
        manifests: {
          "stable.yaml": mapping("stable", { prefix: "/stable/", service: alpha.service }),
          "switch.yaml": mapping("switch", { prefix: "/switch/", service: alpha.service }),
        },
      });
    });
    after(async () => {
      if (load) await load.stop({ quiet: true });
      await gw?.stop();
      await Promise.all([alpha?.stop(), beta?.stop()]);
    });

    it(`Envoy is bootstrapped with ${API_TYPES[mode]} and routes`, async () => {
      assert.equal(await adsApiType(gw), API_TYPES[mode]);
      for (const [path, backend] of [["/stable/x", "alpha"], ["/switch/x", "alpha"]] as const) {
        await waitFor(async () => (await statusOf(gw.ports.listener, path)) === 200, 2000, { what: `${path} to serve 200` });
        echoFrom(await request(gw.ports.listener, path), backend, path);
      }
      assert.equal(await statusOf(gw.ports.listener, "/nowhere/"), 404);
    });

    it("an added route serves within 1 s and answers 404 within 1 s of its removal", async () => {
      for (let i = 1; i <= 3; i++) {
        const path = `/added-${i}/x`;
        gw.writeManifest(`added-${i}.yaml`, mapping(`added-${i}`, { prefix: `/added-${i}/`, service: beta.service }));
        const added = await timeUntil(async () => (await statusOf(gw.ports.listener, path)) === 200, MEASURE_TIMEOUT_MS, { what: `${path} to serve 200` });
        console.log(`xds-modes ${mode}: add route ${i} took ${added.ms} ms`);
        assert.ok(added.ms <= CHANGE_DEADLINE_MS, `${mode}: new route ${path} took ${added.ms} ms`);
        echoFrom(await request(gw.ports.listener, path), "beta", path);
        gw.removeManifest(`added-${i}.yaml`);
        const removed = await timeUntil(async () => (await statusOf(gw.ports.listener, path)) === 404, MEASURE_TIMEOUT_MS, { what: `${path} to answer 404` });
        console.log(`xds-modes ${mode}: remove route ${i} took ${removed.ms} ms`);
        assert.ok(removed.ms <= CHANGE_DEADLINE_MS, `${mode}: removed route ${path} took ${removed.ms} ms to 404`);
      }
    });

    it("a route switching clusters under continuous load drops no request", async () => {
      const clustersBefore = await envoyClusters(gw);
      load = startLoad({ port: gw.ports.listener, paths: [{ path: "/switch/ping" }, { path: "/stable/ping" }], rate: 150, concurrency: 8, maxDurationMs: 60_000 });
      await sleep(500);
      for (const [i, target] of [beta, alpha, beta, alpha].entries()) {
        gw.writeManifest("switch.yaml", mapping("switch", { prefix: "/switch/", service: target.service }));
        const { ms } = await timeUntil(async () => (await request(gw.ports.listener, "/switch/x")).json?.backend === target.name, MEASURE_TIMEOUT_MS, {
          what: `/switch/ to reach ${target.name}`,
        });
        console.log(`xds-modes ${mode}: switch #${i + 1} -> ${target.name} took ${ms} ms`);
        assert.ok(ms <= CHANGE_DEADLINE_MS, `${mode}: switch to ${target.name} took ${ms} ms`);
        await sleep(400);
      }
      const report = await load.stop();
      load = undefined;
      for (const path of ["/switch/ping", "/stable/ping"]) {
        const c = report.byPath[path]!;
        assert.ok(c.ok > 100, `${mode}: too few requests reached ${path}:\n${formatLoadReport(report)}`);
        assert.equal(c.failed, 0, `${mode}: failures on ${path} during cluster switches:\n${formatLoadReport(report)}`);
      }
      // Back on alpha: beta's cluster, kept while a route used it, is gone again.
      await waitFor(async () => (await envoyClusters(gw)).join() === clustersBefore.join(), 3000, {
        what: `${mode}: Envoy's clusters to be ${clustersBefore.join(", ")} again`,
      });
    });

    it("a configuration Envoy rejects is recorded once, not resent, and the good routes keep serving", async () => {
      // Lower Envoy's own RE2 limit below what attache checks against, through Envoy's admin
      // runtime layer: attache accepts the regex Mapping, Envoy rejects its route table.
      const modified = await request(gw.ports.admin, "/runtime_modify?re2.max_program_size.error_level=5", { method: "POST" });
      assert.equal(modified.status, 200, `runtime_modify: ${modified.body}`);
      const before = await rdsRejected(gw);
      assert.equal(before.total, 0, `rds updates rejected before the regex Mapping: ${before.names.join(", ")}`);

      gw.writeManifest("regex.yaml", mapping("regex-route", { prefix: "/rx/(ab|cd)+", prefix_regex: true, service: alpha.service }));
      const nacks = await waitFor(async () => {
        const n = (await gw.diag()).nacks ?? [];
        return n.length > 0 ? n : undefined;
      }, 5000, { what: `${mode}: diag to record Envoy's NACK` });
      assert.ok(JSON.stringify(nacks).includes("regex-route"), `${mode}: the NACK names the Mapping: ${JSON.stringify(nacks).slice(0, 600)}`);
      assert.ok(String(nacks[0].typeUrl).endsWith("RouteConfiguration"));

      await sleep(3000);
      const diag = await gw.diag();
      assert.equal((diag.nacks ?? []).length, 1, `${mode}: one NACK recorded: ${JSON.stringify(diag.nacks).slice(0, 1000)}`);
      const rejected = await rdsRejected(gw);
      assert.equal(rejected.total, 1, `${mode}: Envoy rejected one RDS update, the rejected one was not resent (${rejected.names.join(", ")})`);
      assert.equal(await statusOf(gw.ports.listener, "/stable/x"), 200, `${mode}: the last good routes keep serving`);
      assert.equal(await statusOf(gw.ports.listener, "/rx/abab"), 404, `${mode}: the rejected route is not served`);
    });
  });
}

describe("--xds-mode", () => {
  it("rejects a mode other than delta or sotw, naming the option", async () => {
    const res = await runAttacheCli(["run", "--config-dir", ".", "--xds-mode", "incremental"]);
    assert.notEqual(res.code, 0);
    assert.match(res.stderr, /--xds-mode must be delta or sotw, not incremental/);
  });
});

async function adsApiType(gw: Attache): Promise<string | undefined> {
  const dump = JSON.parse(await gw.admin("/config_dump"));
  const boot = (dump.configs ?? []).find((c: any) => String(c["@type"]).endsWith("BootstrapConfigDump"));
  return boot?.bootstrap?.dynamic_resources?.ads_config?.api_type;
}

/** Names of the clusters Envoy has (static ones included), sorted. */
async function envoyClusters(gw: Attache): Promise<string[]> {
  const names = new Set((await gw.admin("/clusters")).split("\n").filter((l) => l.includes("::")).map((l) => l.split("::")[0]!));
  return [...names].sort();
}

async function rdsRejected(gw: Attache): Promise<{ total: number; names: string[] }> {
  return sumStats(parseStats(await gw.admin("/stats?filter=update_rejected")), RDS_REJECTED);
}
