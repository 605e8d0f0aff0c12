// /metrics from a running attache is valid Prometheus exposition (parsed by the Prometheus
// project's parser, with promtool's lint rules: tools/promcheck) and
// moves when the configuration changes and when Envoy rejects one; Envoy's own statistics are
// on /metrics/envoy.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { mapping, REPO_ROOT, request, runAttacheCli, startAttache, waitFor, type Attache } from "../support/harness/index.js";
import { promcheck, type PromFamily } from "../support/harness/promcheck.js";

let gw: Attache;

/** Scrapes `path` and parses it with the Prometheus project's parser (tools/promcheck). */
async function scrape(path = "/metrics", lint = true): Promise<ReadonlyMap<string, PromFamily>> {
  const res = await request(gw.ports.health, path);
  assert.equal(res.status, 200, res.body);
  assert.match(res.headers["content-type"] ?? "", /^text\/plain; version=0\.0\.4/);
  const checked = promcheck(res.body);
  if (lint) assert.deepEqual(checked.problems, [], "promtool check metrics' rules");
  return checked.families;
}

/** Sum over the samples whose labels include `labels`: values, or observation counts for histograms. */
function sum(families: ReadonlyMap<string, PromFamily>, name: string, labels: Record<string, string> = {}): number {
  // A labelled counter nothing has counted yet has no samples, so the parser has no family for it.
  const f = families.get(name);
  if (!f) return 0;
  return f.samples
    .filter((m) => Object.entries(labels).every(([k, v]) => m.labels[k] === v))
    .reduce((n, m) => n + (m.value ?? m.count ?? 0), 0);
}

describe("Prometheus metrics", { timeout: 120_000 }, () => {
  before(async () => {
    // Unix sockets for ADS and admin (the defaults): /metrics/envoy reads Envoy through the socket.
    gw = await startAttache({ manifests: { "a.yaml": mapping("a", { prefix: "/a/", service: "127.0.0.1:9" }) }, unixSockets: true });
  });
  after(() => gw?.stop());

  it("parse as exposition format, pass promtool's lint rules, with every family the docs name", async () => {
    const m = await scrape();
    const text = (await request(gw.ports.health, "/metrics")).body;
    for (const name of [
      "attache_reconfiguration_duration_seconds", "attache_reconfigurations_total", "attache_resources", "attache_xds_pushes_total",
      "attache_xds_acks_total", "attache_xds_nacks_total", "attache_connected_proxies", "attache_watch_restarts_total",
      "attache_watch_relists_total", "attache_status_writes_total", "attache_envoy_restarts_total",
    ]) assert.match(text, new RegExp(`^# TYPE ${name} `, "m"), name);
    assert.equal(m.get("attache_reconfiguration_duration_seconds")?.type, "HISTOGRAM");
    assert.equal(sum(m, "attache_connected_proxies"), 1);
    assert.equal(sum(m, "attache_resources", { kind: "Mapping", state: "ok" }), 1);
    assert.ok(sum(m, "attache_xds_acks_total", { type: "Cluster" }) >= 1);
  });

  it("change after a reconfiguration", async () => {
    const before = await scrape();
    gw.writeManifest("b.yaml", mapping("b", { prefix: "/b/", service: "127.0.0.1:9" }));
    await waitFor(async () => sum(await scrape(), "attache_resources", { kind: "Mapping", state: "ok" }) === 2, 15_000, { what: "2 ok Mappings in the metrics" });
    const after = await scrape();
    const grew = (name: string, labels: Record<string, string>) =>
      assert.ok(sum(after, name, labels) > sum(before, name, labels), `${name} ${JSON.stringify(labels)}: ${sum(before, name, labels)} -> ${sum(after, name, labels)}`);
    grew("attache_reconfiguration_duration_seconds", { stage: "total" });
    grew("attache_reconfiguration_duration_seconds", { stage: "ir" });
    grew("attache_reconfigurations_total", { published: "true" });
    grew("attache_xds_pushes_total", { type: "RouteConfiguration" });
  });

  it("change after a NACK", async () => {
    assert.equal(sum(await scrape(), "attache_xds_nacks_total"), 0);
    // Valid RE2 that attache accepts and Envoy 1.40 rejects (see nack.test.ts).
    gw.writeManifest("nack.yaml", mapping("too-big", { prefix: "/n/\\W{100}", prefix_regex: true, rewrite: "", service: "127.0.0.1:9" }));
    await waitFor(async () => sum(await scrape(), "attache_xds_nacks_total", { type: "RouteConfiguration" }) >= 1, 20_000, { what: "a counted NACK" });
    assert.equal(sum(await scrape(), "attache_resources", { kind: "Mapping", state: "error" }), 1);
  });

  it("Envoy's own statistics are on /metrics/envoy, with every series the Grafana dashboard reads", async () => {
    await request(gw.ports.listener, "/a/x");
    // Envoy's own names are Envoy's business: parsed, not linted.
    const m = await scrape("/metrics/envoy", false);
    const dashboard = readFileSync(join(REPO_ROOT, "deploy", "grafana-dashboard.json"), "utf8");
    const used = new Set(dashboard.match(/(?<![a-z_])envoy_[a-z_]+(?=\{)/g) ?? []);
    assert.ok(used.size >= 5);
    for (const name of used) assert.ok(m.has(name), `${name} not in Envoy's /stats/prometheus`);
  });

  it("attache diag URL prints a summary: the Envoy, the counts and the rejected resource (exit 1)", async () => {
    const res = await runAttacheCli(["diag", `http://127.0.0.1:${gw.ports.health}`]);
    assert.equal(res.code, 1, res.stderr);
    assert.match(res.stdout, /Envoys:\n {2}\S+: 1 stream/);
    assert.match(res.stdout, /Mapping +2 \/ 0 \/ 1/);
    assert.match(res.stdout, /Mapping default\/too-big \(nack\.yaml:1\) \[rejected by Envoy\]/);
    assert.match(res.stdout, /REJECTED .*program size/);
  });
});
