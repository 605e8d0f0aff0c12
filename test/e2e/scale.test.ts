// A thousand Mappings: attache must start serving them promptly, route each to the right
// backend, and still apply a single change quickly while traffic flows (2 s here: the 1 s
// bound of live-reconfig.test.ts holds for small configs; at this size the figure is printed).
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  publishLog,
  echoFrom, formatLoadReport, mapping, request, startAttache, startBackend, startLoad, statusOf, timeUntil, waitFor,
  type Attache, type Backend, type Load,
} from "../support/harness/index.js";

const MAPPINGS = 1000;
const PER_FILE = 100;
const BACKENDS = 10;
const CHANGE_DEADLINE_MS = 2000;

let backends: Backend[] = [];
let gw: Attache;
let load: Load | undefined;
let readyMs = 0;

const backendFor = (i: number) => backends[i % BACKENDS]!;

function manifests(): Record<string, string> {
  const files: Record<string, string> = {};
  for (let f = 0; f < MAPPINGS / PER_FILE; f++) {
    const docs: string[] = [];
    for (let i = f * PER_FILE; i < (f + 1) * PER_FILE; i++) {
      docs.push(mapping(`m-${i}`, { prefix: `/m-${i}/`, service: backendFor(i).service, add_request_headers: { "x-mapping": `m-${i}` } }));
    }
    files[`mappings-${String(f).padStart(2, "0")}.yaml`] = docs.join("---\n");
  }
  return files;
}

describe(`${MAPPINGS} Mappings`, () => {
  before(async () => {
    backends = await Promise.all(Array.from({ length: BACKENDS }, (_, i) => startBackend(`b${i}`)));
    const started = Date.now();
    gw = await startAttache({ manifests: manifests(), readyTimeoutMs: 60_000 });
    await waitFor(async () => (await statusOf(gw.ports.listener, `/m-${MAPPINGS - 1}/x`)) === 200, 10_000, { what: "the last Mapping to serve" });
    readyMs = Date.now() - started;
    console.log(`scale: ${MAPPINGS} Mappings served ${readyMs} ms after start`);
  });
  after(async () => {
    if (load) await load.stop({ quiet: true });
    await gw?.stop();
    await Promise.all(backends.map((b) => b.stop()));
  });

  it("starts serving within 20 s", () => {
    assert.ok(readyMs <= 20_000, `took ${readyMs} ms`);
  });

  it("routes a sample of Mappings to the right backend", async () => {
    for (let i = 0; i < MAPPINGS; i += 37) {
      const e = echoFrom(await request(gw.ports.listener, `/m-${i}/probe`), backendFor(i).name, `/m-${i}/probe`);
      assert.equal(e.headers["x-mapping"], `m-${i}`);
      assert.equal(e.path, "/probe");
    }
  });

  it(`applies an added and an edited Mapping within ${CHANGE_DEADLINE_MS} ms under load`, async () => {
    load = startLoad({ port: gw.ports.listener, paths: [{ path: "/m-1/x" }, { path: "/m-500/x" }, { path: "/m-999/x" }], rate: 150, concurrency: 8 });
    await new Promise((r) => setTimeout(r, 500));
    gw.writeManifest("extra.yaml", mapping("extra", { prefix: "/extra/", service: backends[0]!.service }));
    const added = await timeUntil(async () => (await statusOf(gw.ports.listener, "/extra/x")) === 200, 10_000, { what: "/extra/ to serve" });
    console.log(`scale: added Mapping served after ${added.ms} ms`);
    gw.writeManifest("mappings-05.yaml", manifests()["mappings-05.yaml"]!.replace("prefix: /m-500/", "prefix: /m-500/\n  rewrite: /edited/"));
    const edited = await timeUntil(async () => (await request(gw.ports.listener, "/m-500/x")).json?.path === "/edited/x", 10_000, { what: "/m-500/ to rewrite to /edited/" });
    console.log(`scale: edited Mapping applied after ${edited.ms} ms`);
    await new Promise((r) => setTimeout(r, 500));
    const report = await load.stop();
    load = undefined;
    assert.ok(added.ms <= CHANGE_DEADLINE_MS, `add took ${added.ms} ms` + publishLog(gw.stderr()));
    assert.ok(edited.ms <= CHANGE_DEADLINE_MS, `edit took ${edited.ms} ms` + publishLog(gw.stderr()));
    for (const c of Object.values(report.byPath)) assert.equal(c.failed, 0, `failures on ${c.path}:\n${formatLoadReport(report)}`);
  });
});
