// Issue 16 item 11: a NACK that cannot be pinned on one resource (Envoy quoted the values of
// all three) no longer quarantines all three. attache holds half of the suspects back per push
// and follows Envoy's answers; within a few pushes only the culprit is left out.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ControlPlane } from "../../../src/runtime/control-plane.js";
import { XdsCache } from "../../../src/xds/cache.js";
import { TYPE_URLS } from "../../../src/xds/resource-types.js";
import { createLogger } from "../../../src/util/logger.js";
import type { SourceDocument } from "../../../src/core/source-document.js";

const mapping = (name: string, prefix: string): SourceDocument => ({
  value: { apiVersion: "getambassador.io/v3alpha1", kind: "Mapping", metadata: { name, namespace: "default" }, spec: { prefix, service: "svc:80" } },
  location: { file: `${name}.yaml`, line: 1 },
  text: "",
});

function run(culprit: string, names: readonly string[]) {
  const lines: string[] = [];
  const cache = new XdsCache();
  const plane = new ControlPlane(cache, {}, createLogger({ level: "debug", sink: (l) => lines.push(l) }));
  const served = () => new Set([...(cache.snapshotFor("n")?.types[TYPE_URLS.route]?.resources.values() ?? [])].flatMap((r) => r.sources.map((s) => s.name)));
  plane.apply({ generation: 1, documents: names.map((n) => mapping(n, `/${n}-route-prefix/`)), diagnostics: [] });
  // Envoy's answer to each snapshot: rejected while the culprit is in it. The first NACK quotes
  // every Mapping's prefix, as Envoy's dump of a whole RouteConfiguration does.
  let pushes = 0;
  let lastSerial = 0;
  while (pushes < 20) {
    const snap = cache.snapshotFor("n")!;
    if (snap.serial === lastSerial) break;
    lastSerial = snap.serial;
    pushes++;
    const version = snap.types[TYPE_URLS.route]!.version;
    const routeSources = [...served()].sort().map((name) => ({ kind: "Mapping", namespace: "default", name }));
    if (served().has(culprit)) {
      const quoted = routeSources.map((r) => `prefix: '/${r.name}-route-prefix/'`).join(" ");
      plane.handleNack({ nodeId: "n", typeUrl: TYPE_URLS.route, version, serial: snap.serial, nonce: String(pushes), message: `invalid route ${quoted}`, resources: [], sources: routeSources });
    } else {
      for (const t of [TYPE_URLS.cluster, TYPE_URLS.listener, TYPE_URLS.route]) {
        plane.handleAck({ nodeId: "n", typeUrl: t, version: snap.types[t]!.version, serial: snap.serial });
      }
    }
  }
  return { served: served(), pushes, plane, lines };
}

test("of three suspects, only the culprit is left out, within a few pushes", () => {
  for (const culprit of ["good", "rwnul", "tokhdr"]) {
    const r = run(culprit, ["good", "rwnul", "tokhdr"]);
    console.log(`bisection: culprit ${culprit}: ${r.pushes} pushes, serving ${[...r.served].sort().join(", ")}`);
    assert.deepEqual([...r.served].sort(), ["good", "rwnul", "tokhdr"].filter((n) => n !== culprit));
    assert.ok(r.pushes <= 4, `${r.pushes} pushes`);
    const blamed = r.plane.status().diagnostics.filter((d) => d.stage === "envoy").map((d) => d.ref?.name);
    assert.deepEqual(blamed, [culprit], "only the culprit is reported");
  }
});

test("with 16 suspects it takes about log2(16) pushes", () => {
  const names = Array.from({ length: 16 }, (_, i) => `m${String(i).padStart(2, "0")}`);
  const r = run("m11", names);
  console.log(`bisection: 16 suspects: ${r.pushes} pushes`);
  assert.equal(r.served.size, 15);
  assert.ok(!r.served.has("m11"));
  assert.ok(r.pushes <= 7, `${r.pushes} pushes`);
});
