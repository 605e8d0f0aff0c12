import { test } from "node:test";
import assert from "node:assert/strict";
import { defaultLeaseOptions, leaseName } from "../../../src/status/lease.js";

test("one lease per ambassador_id, always a valid object name", () => {
  assert.equal(leaseName("default"), "attache-status");
  assert.equal(leaseName("edge"), "attache-status-edge");
  assert.equal(leaseName("Edge_West.2"), "attache-status-edge-west-2");
  assert.notEqual(leaseName("a"), leaseName("b"));
});

test("namespace and identity come from the pod's env", () => {
  const saved = { ns: process.env["POD_NAMESPACE"], name: process.env["POD_NAME"] };
  try {
    process.env["POD_NAMESPACE"] = "gw";
    process.env["POD_NAME"] = "attache-7d9-x";
    assert.deepEqual(defaultLeaseOptions("default"), { namespace: "gw", name: "attache-status", identity: "attache-7d9-x" });
    delete process.env["POD_NAMESPACE"];
    delete process.env["POD_NAME"];
    const o = defaultLeaseOptions("default");
    assert.equal(o.namespace, "attache");
    assert.match(o.identity, new RegExp(`-${process.pid}$`));
  } finally {
    for (const [k, v] of [["POD_NAMESPACE", saved.ns], ["POD_NAME", saved.name]] as const) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
});
