import { test } from "node:test";
import assert from "node:assert/strict";
import { ResourceEncoder } from "../../../src/envoy/encode.js";
import type { EnvoyConfig } from "../../../src/envoy/types.js";
import { ADS_CONFIG_SOURCE } from "../../../src/envoy/values.js";
import { TYPE_URLS } from "../../../src/xds/resource-types.js";
import { buildSnapshot } from "../../../src/xds/snapshot.js";

// The generator records what each resource uses; the snapshot never reads it back from JSON.
test("the snapshot keeps the generator's refs", () => {
  const config: EnvoyConfig = {
    listeners: [{ name: "l", json: { name: "l" }, sources: [], secretRefs: ["s1"] }],
    routes: [
      { name: "given", json: { name: "given" }, sources: [], refs: ["c9"] },
    ],
    clusters: [{ name: "c1", json: { name: "c1", type: "EDS", edsClusterConfig: { edsConfig: ADS_CONFIG_SOURCE } }, sources: [] }],
    endpoints: [],
    secrets: [],
  };
  const snap = buildSnapshot(1, config, new ResourceEncoder());
  const routes = snap.types[TYPE_URLS.route]!.resources;
  assert.deepEqual(routes.get("given")!.refs, ["c9"]);
  assert.deepEqual(snap.types[TYPE_URLS.listener].resources.get("l")!.secretRefs, ["s1"]);
  assert.equal(snap.types[TYPE_URLS.cluster]!.resources.get("c1")!.refs, undefined, "clusters refer to nothing");
});
