import assert from "node:assert/strict";
import { test } from "node:test";
import { findFieldLine } from "../../../src/resources/field-location.js";

const text = `# leading comment

apiVersion: getambassador.io/v3alpha1
kind: Mapping
metadata:
  name: m
  labels:
    name: not-this-one
spec:
  prefix: /
  "quoted": 1
  circuit_breakers:
  - priority: high
    max_connections: 1
  -   priority: default
      max_requests: 2
  nested:
    list:
      - a: 1
      - a: 2
        b:
          deep: true
  flow: {a: 1, b: 2}
  after: x
`;

test("finds keys, list items and nested fields by indentation", () => {
  const at = (...path: (string | number)[]): number | undefined => findFieldLine(text, path, 10);
  // The first content line (apiVersion) is line 10.
  assert.equal(at("apiVersion"), 10);
  assert.equal(at("metadata", "name"), 13);
  assert.equal(at("metadata", "labels", "name"), 15);
  assert.equal(at("spec", "prefix"), 17);
  assert.equal(at("spec", "quoted"), 18);
  assert.equal(at("spec", "circuit_breakers"), 19);
  assert.equal(at("spec", "circuit_breakers", 0), 20);
  assert.equal(at("spec", "circuit_breakers", 0, "max_connections"), 21);
  assert.equal(at("spec", "circuit_breakers", 1, "priority"), 22);
  assert.equal(at("spec", "circuit_breakers", 1, "max_requests"), 23);
  assert.equal(at("spec", "nested", "list", 1, "b", "deep"), 29);
  assert.equal(at("spec", "after"), 31);
});

test("falls back to the deepest line found", () => {
  const at = (...path: (string | number)[]): number | undefined => findFieldLine(text, path, 10);
  assert.equal(at("spec", "flow", "b"), 30, "flow style: the key holding the map");
  assert.equal(at("spec", "missing"), 16, "absent field: its parent");
  assert.equal(at("spec", "circuit_breakers", 5), 19, "absent item: the list");
  assert.equal(at("status"), undefined);
});
