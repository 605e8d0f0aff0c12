import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseRunOptions } from "../../../../src/cli/run-options.js";
import { sourceChoiceOf } from "../../../../src/cli/source-for.js";

describe("attache run: choosing the source", () => {
  it("--config-dir reads a directory", () => {
    assert.deepEqual(sourceChoiceOf({ "config-dir": "/m" }), { kind: "directory", dir: "/m" });
  });

  it("--kubernetes reads the API, all namespaces by default, or the --namespace list", () => {
    assert.deepEqual(sourceChoiceOf({ kubernetes: true }), { kind: "kubernetes", kubeconfig: undefined, namespaces: [] });
    assert.deepEqual(sourceChoiceOf({ kubernetes: true, kubeconfig: "/k", namespace: "b, a,b" }), { kind: "kubernetes", kubeconfig: "/k", namespaces: ["a", "b"] });
  });

  it("exactly one source, and the Kubernetes flags only with --kubernetes", () => {
    assert.throws(() => sourceChoiceOf({}), /a source is required: --config-dir DIR or --kubernetes/);
    assert.throws(() => sourceChoiceOf({ "config-dir": "/m", kubernetes: true }), /exclude each other/);
    assert.throws(() => sourceChoiceOf({ "config-dir": "/m", namespace: "a" }), /need --kubernetes/);
    assert.throws(() => sourceChoiceOf({ kubernetes: true, namespace: "Bad_NS" }), /not a namespace name/);
    assert.throws(() => sourceChoiceOf({ kubernetes: true, namespace: " , " }), /at least one namespace/);
  });

  it("parseRunOptions carries the choice", () => {
    const opts = parseRunOptions(["--kubernetes", "--kubeconfig", "/k", "--namespace", "x"]);
    assert.notEqual(opts, "help");
    if (opts !== "help") assert.deepEqual(opts.source, { kind: "kubernetes", kubeconfig: "/k", namespaces: ["x"] });
    assert.throws(() => parseRunOptions([]), /a source is required[\s\S]*usage: attache run/);
  });
});
