import { test } from "node:test";
import assert from "node:assert/strict";
import { collectFacts } from "../../../src/status/facts.js";
import { mapping, resourceSet } from "../fixtures.js";
import type { Diagnostic } from "../../../src/core/diagnostics.js";
import type { SourceDocument } from "../../../src/core/source-document.js";

const doc = (kind: string, name: string, generation: number): SourceDocument => ({
  value: { apiVersion: "getambassador.io/v3alpha1", kind, metadata: { name, namespace: "default", generation } },
  location: { file: `k8s:${name}`, line: 1 },
  text: "",
});

test("reports on valid resources and on the refs of diagnostics, sorted, skipping other instances and non-attache kinds", () => {
  const bad: Diagnostic = { severity: "error", stage: "resources", ref: { kind: "Mapping", namespace: "default", name: "bad" }, field: "spec.timeout_ms", message: "must be an integer" };
  const svc: Diagnostic = { severity: "warning", stage: "resources", ref: { kind: "Service", namespace: "default", name: "s" }, message: "x" };
  const rs = { ...resourceSet({ mappings: [mapping("good", { prefix: "/g/" })] }), otherInstances: [{ kind: "Mapping", namespace: "default", name: "theirs" }] };
  const theirs: Diagnostic = { ...bad, ref: { kind: "Mapping", namespace: "default", name: "theirs" } };
  const facts = collectFacts({
    resources: rs,
    documents: [doc("Mapping", "good", 2), doc("Mapping", "bad", 7)],
    diagnostics: [bad, svc, theirs],
    envoyAcked: true,
    defaultNamespace: "default",
  });
  assert.deepEqual(facts.map((f) => [f.ref.name, f.generation, f.diagnostics.length, f.envoyAcked]), [
    ["bad", 7, 1, true],
    ["good", 2, 0, true],
  ]);
});
