// Issue 16 item 1: a resource that cannot be encoded must not take the loop down. It is left
// out with an error naming it, everything else is published, and later changes still apply.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ResourceEncoder } from "../../../src/envoy/encode.js";
import type { EnvoyConfig } from "../../../src/envoy/types.js";
import { TYPE_URLS } from "../../../src/xds/resource-types.js";
import { ControlPlane } from "../../../src/runtime/control-plane.js";
import { createLogger } from "../../../src/util/logger.js";
import { XdsCache } from "../../../src/xds/cache.js";
import { buildSnapshot, type EncodeFailure } from "../../../src/xds/snapshot.js";
import type { SourceDocument } from "../../../src/core/source-document.js";

const ref = (name: string) => ({ kind: "Mapping", namespace: "default", name });

test("buildSnapshot leaves an unencodable resource out and reports it with its sources", () => {
  const config: EnvoyConfig = {
    listeners: [],
    routes: [{ name: "bad-routes", json: { name: "bad-routes", virtualHosts: [{ name: "v", domains: ["*"], routes: [{ match: { prefix: "/" }, route: { cluster: "c", timeout: "1e+297s" } }] }] }, sources: [ref("huge")] }],
    clusters: [{ name: "c", json: { name: "c", type: "STATIC", connectTimeout: "1s" }, sources: [ref("ok")] }],
    endpoints: [],
    secrets: [],
  };
  assert.throws(() => buildSnapshot(1, config, new ResourceEncoder()), "without a failure list it still throws");
  const failures: EncodeFailure[] = [];
  const snap = buildSnapshot(1, config, new ResourceEncoder(), failures);
  assert.deepEqual(failures.map((f) => [f.type, f.name, f.sources.map((s) => s.name)]), [["route", "bad-routes", ["huge"]]]);
  assert.equal(snap.types[TYPE_URLS.route]!.resources.size, 0);
  assert.deepEqual([...snap.types[TYPE_URLS.cluster]!.resources.keys()], ["c"]);
});

test("the control plane publishes the rest and keeps applying changes", () => {
  const lines: string[] = [];
  const cache = new XdsCache();
  // A default listener port no uint32 holds: the listener cannot be encoded.
  const plane = new ControlPlane(cache, { defaultListenerPort: 2 ** 33 }, createLogger({ level: "debug", sink: (l) => lines.push(l) }));
  const doc = (name: string, prefix: string): SourceDocument => ({
    value: { apiVersion: "getambassador.io/v3alpha1", kind: "Mapping", metadata: { name }, spec: { prefix, service: `${name}:80` } },
    location: { file: "a.yaml", line: 1 },
    text: "",
  });
  assert.doesNotThrow(() => plane.apply({ generation: 1, documents: [doc("a", "/a/")], diagnostics: [] }));
  const first = cache.snapshotFor("n");
  assert.ok(first, "a snapshot was published");
  assert.equal(first.types[TYPE_URLS.listener]!.resources.size, 0, "the unencodable listener is left out");
  assert.ok(first.types[TYPE_URLS.cluster]!.resources.size > 0, "clusters are still published");
  assert.ok(lines.some((l) => /cannot be encoded/.test(l)), `the failure is logged:\n${lines.join("\n")}`);
  plane.apply({ generation: 2, documents: [doc("a", "/a/"), doc("b", "/b/")], diagnostics: [] });
  assert.ok(cache.snapshotFor("n")!.serial > first.serial, "a later change is still published");
});
