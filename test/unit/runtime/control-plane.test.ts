// The control plane's loop on its own: source snapshots in, xDS snapshots out to a real
// XdsCache, with Envoy's ACKs and NACKs given by hand and the log captured line by line.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ControlPlane } from "../../../src/runtime/control-plane.js";
import type { RuntimeTarget } from "../../../src/runtime/envoy-runtime.js";
import { XdsCache } from "../../../src/xds/cache.js";
import { TYPE_URLS } from "../../../src/xds/resource-types.js";
import { createLogger } from "../../../src/util/logger.js";
import type { NackRecord } from "../../../src/xds/nack.js";
import type { SourceDocument, SourceSnapshot } from "../../../src/core/source-document.js";

const doc = (kind: string, name: string, spec: Record<string, unknown>, line = 1): SourceDocument => ({
  value: { apiVersion: "getambassador.io/v3alpha1", kind, metadata: { name, namespace: "default" }, spec },
  location: { file: "a.yaml", line },
  text: "",
});
const mapping = (name: string, prefix: string, extra: Record<string, unknown> = {}, line = 1) => doc("Mapping", name, { prefix, service: "svc:80", ...extra }, line);
const snap = (generation: number, ...documents: SourceDocument[]): SourceSnapshot => ({ generation, documents, diagnostics: [] });
const CORE = [TYPE_URLS.cluster, TYPE_URLS.listener, TYPE_URLS.route];

function setup() {
  const lines: string[] = [];
  const cache = new XdsCache();
  let readyCalls = 0;
  const log = createLogger({ level: "debug", sink: (l) => lines.push(l), now: () => new Date(0) });
  const plane = new ControlPlane(cache, {}, log, () => void readyCalls++);
  const ackAll = (types: readonly string[] = CORE) => {
    const s = plane.status();
    for (const t of types) plane.handleAck({ nodeId: "n", typeUrl: t, version: s.versions[t] ?? "", serial: s.snapshotSerial });
  };
  const nack = (typeUrl: string, sources: string[], message: string, serial = plane.status().snapshotSerial): NackRecord => ({
    nodeId: "n", typeUrl, version: plane.status().versions[typeUrl] ?? "", serial, nonce: "1", message, resources: [],
    sources: sources.map((name) => ({ kind: "Mapping", namespace: "default", name })),
  });
  const servedBy = () => new Set([...Object.values(cache.snapshotFor("n")?.types ?? {})].flatMap((t) => [...t.resources.values()].flatMap((r) => r.sources.map((s) => s.name))));
  return { plane, cache, lines, ackAll, nack, servedBy, readyCalls: () => readyCalls };
}

test("publishes a snapshot per change, and nothing when the config is unchanged", () => {
  const { plane, cache, lines } = setup();
  plane.apply(snap(1, mapping("a", "/a/")));
  assert.equal(cache.snapshotFor("n")?.serial, 1);
  assert.equal(plane.status().sourceGeneration, 1);
  plane.apply(snap(2, mapping("a", "/a/")));
  assert.equal(cache.snapshotFor("n")?.serial, 1, "same config: no new snapshot");
  assert.equal(plane.status().snapshotSerial, 1);
  assert.equal(plane.status().sourceGeneration, 2);
  plane.apply(snap(3, mapping("a", "/a2/")));
  assert.equal(cache.snapshotFor("n")?.serial, 2);
  assert.equal(lines.filter((l) => l.includes("published configuration")).length, 2);
});

test("ready once Envoy ACKed clusters, listeners and routes; again after a restart", () => {
  const { plane, ackAll, readyCalls } = setup();
  plane.apply(snap(1, mapping("a", "/a/")));
  ackAll([TYPE_URLS.cluster, TYPE_URLS.listener]);
  assert.equal(readyCalls(), 0);
  ackAll([TYPE_URLS.route]);
  assert.equal(readyCalls(), 1);
  ackAll();
  assert.equal(readyCalls(), 1, "ready is reported once");
  assert.equal(plane.envoyRunsCurrent(), true);
  plane.envoyRestarted();
  assert.deepEqual(plane.status().acked, {});
  assert.equal(plane.envoyRunsCurrent(), false);
  ackAll();
  assert.equal(readyCalls(), 2);
  plane.apply(snap(2, mapping("a", "/b/")));
  assert.equal(plane.envoyRunsCurrent(), false, "a new snapshot is not yet ACKed");
});

test("diagnostics are logged through the logger when they appear and when they are resolved", () => {
  const { plane, lines } = setup();
  plane.apply(snap(1, mapping("bad", "/b/", { timeout_ms: "abc" })));
  const errors = lines.filter((l) => l.includes(" error ") && l.includes("Mapping default/bad (a.yaml:1)"));
  assert.equal(errors.length, 1, lines.join("\n"));
  plane.apply(snap(2, mapping("bad", "/b/", { timeout_ms: "abc" }), mapping("ok", "/ok/", {}, 9)));
  assert.equal(lines.filter((l) => l.includes("Mapping default/bad (a.yaml:1)")).length, 1, "an unchanged diagnostic is not logged again");
  plane.apply(snap(3, mapping("bad", "/b/")));
  assert.ok(lines.some((l) => l.includes(" info ") && l.includes("resolved: error: Mapping default/bad")), lines.join("\n"));
  assert.deepEqual(plane.status().diagnostics, []);
});

test("a NACK blamed on one resource quarantines it and republishes everything else", () => {
  const { plane, cache, lines, ackAll, nack, servedBy } = setup();
  plane.apply(snap(1, mapping("good", "/good/")));
  ackAll();
  plane.apply(snap(2, mapping("good", "/good/"), mapping("bad", "/bad/", {}, 5)));
  assert.ok(servedBy().has("bad"));
  plane.handleNack(nack(TYPE_URLS.route, ["bad"], "route rejected"));
  assert.ok(lines.some((l) => l.includes("Envoy rejected RouteConfiguration") && l.includes("from Mapping default/bad")), lines.join("\n"));
  assert.equal(cache.snapshotFor("n")?.serial, 3, "republished without the blamed resource");
  assert.ok(!servedBy().has("bad"));
  assert.ok(servedBy().has("good"));
  const d = plane.status().diagnostics;
  assert.deepEqual(d.map((x) => [x.stage, x.ref?.name]), [["envoy", "bad"]]);
  assert.match(d[0]?.message ?? "", /left out until it changes: route rejected/);
  assert.equal(plane.status().nacks.length, 1);
  plane.apply(snap(3, mapping("good", "/good/"), mapping("bad", "/bad/v2/", {}, 5)));
  assert.ok(servedBy().has("bad"), "an edited resource is tried again");
});

test("a NACK that nothing narrows down is reported on its sources until another version is ACKed", () => {
  const { plane, cache, ackAll, nack } = setup();
  plane.apply(snap(1, mapping("a", "/a/")));
  plane.handleNack(nack(TYPE_URLS.route, ["a"], "something went wrong"));
  assert.equal(cache.snapshotFor("n")?.serial, 1, "nothing quarantined: nothing republished");
  assert.deepEqual(plane.status().diagnostics.map((x) => [x.stage, x.ref?.name, x.message]), [["envoy", "a", "Envoy rejected the configuration built from this resource: something went wrong"]]);
  plane.handleNack(nack(TYPE_URLS.route, ["a"], "for an unknown snapshot", 99));
  assert.equal(plane.status().nacks.length, 2);
  plane.apply(snap(2, mapping("a", "/a2/")));
  ackAll();
  assert.deepEqual(plane.status().diagnostics, []);
});

test("a new RE2 limit reaches Envoy's runtime before the config that needs it", async () => {
  const { plane, cache } = setup();
  plane.apply(snap(1, mapping("a", "/a/")));
  assert.equal(plane.regexMaxSize(), 200);
  const calls: number[] = [];
  let release = () => {};
  let limit = 200;
  const runtime: RuntimeTarget = {
    current: () => limit,
    ensure: (l) => {
      calls.push(l);
      limit = l;
      return new Promise<void>((resolve) => (release = resolve));
    },
  };
  plane.useRuntime(runtime);
  // The limit alone changes no Envoy resource; a route needing it comes with it.
  plane.apply(snap(2, mapping("a", "/a2/"), doc("Module", "ambassador", { config: { regex_max_size: 500 } })));
  assert.equal(plane.regexMaxSize(), 500);
  assert.deepEqual(calls, [500]);
  assert.equal(cache.snapshotFor("n")?.serial, 1, "held back until Envoy has the limit");
  release();
  await new Promise((r) => setImmediate(r));
  assert.equal(cache.snapshotFor("n")?.serial, 2);
  plane.apply(snap(3, mapping("a", "/b/"), doc("Module", "ambassador", { config: { regex_max_size: 500 } })));
  assert.deepEqual(calls, [500], "an unchanged limit is not set again");
  assert.equal(cache.snapshotFor("n")?.serial, 3);
});
