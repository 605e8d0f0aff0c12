// Golden tests: each case's input manifests must translate to exactly its expected.json and
// diagnostics.txt. `ATTACHE_UPDATE_GOLDEN=1` (npm run golden:update) rewrites them instead;
// review the diff before committing. Every case is also checked for determinism, independence
// from how documents are split into files, and strict validity against the Envoy API.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { canonicalJson } from "../../src/envoy/encode.js";
import { CONFIG_KEYS, type ResourceType } from "../../src/envoy/types.js";
import type { TranslateOptions } from "../../src/pipeline/translate.js";
import { listCases, type GoldenCase } from "./harness/cases.js";
import { unifiedDiff } from "./harness/diff.js";
import { loadInput } from "./harness/load.js";
import { diagnosticsWithoutLocations, render } from "./harness/render.js";
import { reshuffleIntoFiles } from "./harness/reshuffle.js";
import { materialize, type CaseMaterial } from "./harness/pki.js";

const UPDATE = process.env.ATTACHE_UPDATE_GOLDEN === "1";
const MIN_CASES = 25;
const cases = listCases();

test(`there are at least ${MIN_CASES} golden cases, each with input`, () => {
  assert.ok(cases.length >= MIN_CASES, `only ${cases.length} cases`);
  for (const c of cases) assert.ok(c.inputs.length > 0, `case ${c.name} has no input/*.yaml`);
});

for (const c of cases) {
  describe(c.name, () => {
    test("matches expected.json and diagnostics.txt", async () => {
      const m = materialize(c);
      const out = render(await loadInput(m.inputs, m.dir), options(c));
      const json = m.toPlaceholders(out.json);
      assertNoKeyMaterial(out.diagnostics, m);
      if (UPDATE) {
        writeFileSync(c.expectedJson, json);
        writeFileSync(c.expectedDiagnostics, out.diagnostics);
        return;
      }
      assertGolden(c.expectedJson, json, "expected.json");
      assertGolden(c.expectedDiagnostics, out.diagnostics, "diagnostics.txt");
    });

    test("translating twice gives byte-identical output (and never mutates its input)", async () => {
      const input = deepFreeze(await loadInput(materialize(c).inputs, materialize(c).dir));
      const first = render(input, options(c));
      const second = render(input, options(c));
      assert.equal(second.json, first.json, "second translation differs (hidden state or mutated input?)");
      assert.equal(second.diagnostics, first.diagnostics);
    });

    test("output does not depend on how documents are split into files", async () => {
      const input = await loadInput(materialize(c).inputs, materialize(c).dir);
      const base = render(input, options(c));
      const { dir, files } = reshuffleIntoFiles(input.documents, c.name);
      try {
        const other = render(await loadInput(files, dir), options(c));
        const diff = unifiedDiff(base.json, other.json, "original files", "reshuffled files");
        assert.ok(diff === "", `config changed when documents were reshuffled:\n${diff}`);
        assert.deepEqual(diagnosticsWithoutLocations(other.diagnosticList), diagnosticsWithoutLocations(base.diagnosticList));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    // Canonical form matters too: the golden text and content hashes must not change when
    // the same config is written differently.
    test("every resource is strict, canonical Envoy API JSON", async () => {
      const { config } = render(await loadInput(materialize(c).inputs, materialize(c).dir), options(c));
      for (const [type, key] of Object.entries(CONFIG_KEYS) as [ResourceType, keyof typeof config][]) {
        for (const r of config[key]) {
          let canonical: unknown;
          assert.doesNotThrow(() => (canonical = canonicalJson(type, r.json)), `${type} ${r.name} is not valid ${type} JSON`);
          assert.deepEqual(r.json, canonical, `${type} ${r.name} is valid but not in canonical proto3 JSON form`);
        }
      }
    });
  });
}

/** Frozen input makes any write by the pipeline throw (ES modules are strict). */
function deepFreeze<T>(value: T, seen = new WeakSet<object>()): T {
  if (typeof value === "object" && value !== null && !seen.has(value)) {
    seen.add(value);
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v, seen);
  }
  return value;
}

function options(c: GoldenCase): TranslateOptions {
  return existsSync(c.optionsFile) ? (JSON.parse(readFileSync(c.optionsFile, "utf8")) as TranslateOptions) : {};
}

/** Diagnostics never quote key material: no placeholder of a key may appear once they are mapped back. */
function assertNoKeyMaterial(diagnostics: string, m: CaseMaterial): void {
  const mapped = m.toPlaceholders(JSON.stringify(diagnostics));
  assert.ok(!/<[^<>]+\.key>/.test(mapped), `a diagnostic carries private key material:\n${diagnostics}`);
}

function assertGolden(path: string, actual: string, label: string): void {
  assert.ok(existsSync(path), `${path} is missing; run npm run golden:update and review it`);
  const expected = readFileSync(path, "utf8");
  const diff = unifiedDiff(expected, actual, label, "actual");
  assert.ok(diff === "", `${label} differs (npm run golden:update rewrites it):\n${diff}`);
}
