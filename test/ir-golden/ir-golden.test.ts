// IR goldens: each case's manifests must build exactly the IR in its expected.json and the
// diagnostics in its diagnostics.txt. They pin the meaning (canary groups, host association,
// route order, cluster sharing, Listener/Host binding) before it is shaped into Envoy config,
// so a change in meaning shows up here even when the Envoy goldens would hide it.
// `ATTACHE_UPDATE_GOLDEN=1` (npm run golden:update) rewrites them instead; review the diff.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { TranslateOptions } from "../../src/pipeline/translate.js";
import { listCases, type GoldenCase } from "../golden/harness/cases.js";
import { unifiedDiff } from "../golden/harness/diff.js";
import { loadInput } from "../golden/harness/load.js";
import { buildCaseIR, freshMemos } from "./harness/build.js";
import { printPlain } from "./harness/print-ir.js";

const UPDATE = process.env.ATTACHE_UPDATE_GOLDEN === "1";
const MIN_CASES = 8;
/** The source tree's cases directory (tests run from dist/, expectations live in test/). */
const CASES_DIR = fileURLToPath(new URL("../../../test/ir-golden/cases/", import.meta.url));
const cases = listCases(CASES_DIR);

test(`there are at least ${MIN_CASES} IR golden cases, each with input`, () => {
  assert.ok(cases.length >= MIN_CASES, `only ${cases.length} cases`);
  for (const c of cases) assert.ok(c.inputs.length > 0, `case ${c.name} has no input/*.yaml`);
});

for (const c of cases) {
  describe(c.name, () => {
    test("builds the IR in expected.json and the diagnostics in diagnostics.txt", async () => {
      const input = await loadInput(c.inputs, c.dir);
      const out = buildCaseIR(input.documents, input.diagnostics, options(c));
      if (UPDATE) {
        writeFileSync(c.expectedJson, out.json);
        writeFileSync(c.expectedDiagnostics, out.diagnostics);
        return;
      }
      assertGolden(c.expectedJson, out.json, "expected.json");
      assertGolden(c.expectedDiagnostics, out.diagnostics, "diagnostics.txt");
    });

    // Documents keep their file:line, so the IR text must not change at all.
    test("the IR does not depend on the order documents arrive in", async () => {
      const input = await loadInput(c.inputs, c.dir);
      const base = buildCaseIR(input.documents, input.diagnostics, options(c));
      const reversed = buildCaseIR([...input.documents].reverse(), input.diagnostics, options(c));
      assertSame(base.json, reversed.json, "documents in file order", "documents reversed");
      assert.equal(reversed.diagnostics, base.diagnostics);
    });

    // The running control plane builds incrementally with long-lived memos: starting from
    // another state (half the documents) must end in the same IR as a full build.
    test("an incremental build from another state gives the full build's IR", async () => {
      const input = await loadInput(c.inputs, c.dir);
      const full = buildCaseIR(input.documents, input.diagnostics, options(c));
      const memos = freshMemos();
      buildCaseIR(input.documents.filter((_, i) => i % 2 === 0), [], options(c), memos);
      const incremental = buildCaseIR(input.documents, input.diagnostics, options(c), memos);
      assertSame(full.json, incremental.json, "full build", "incremental build");
      assert.equal(incremental.diagnostics, full.diagnostics);
    });
  });
}

test("the IR printer sorts keys, drops undefined, prints refs on one line", () => {
  const ref = { kind: "Mapping", namespace: "default", name: "a", location: { file: "input/a.yaml", line: 3 } };
  const text = printPlain({ clusters: [{ name: "c", sources: [ref], tls: undefined }], settings: { b: 1, a: 2 } });
  assert.equal(text, JSON.stringify({ clusters: [{ name: "c", sources: ["Mapping default/a (input/a.yaml:3)"] }], settings: { a: 2, b: 1 } }, null, 2) + "\n");
});

test("the IR printer rejects what is not plain data", () => {
  assert.throws(() => printPlain({ settings: { m: new Map() } }), /ir\.settings\.m: a Map is not plain IR data/);
  assert.throws(() => printPlain({ f: () => 1 }), /ir\.f: a function is not plain IR data/);
  const cyclic: Record<string, unknown> = {};
  cyclic["self"] = cyclic;
  assert.throws(() => printPlain({ settings: cyclic }), /cycle/);
});

function options(c: GoldenCase): TranslateOptions {
  return existsSync(c.optionsFile) ? (JSON.parse(readFileSync(c.optionsFile, "utf8")) as TranslateOptions) : {};
}

function assertSame(expected: string, actual: string, expectedLabel: string, actualLabel: string): void {
  const diff = unifiedDiff(expected, actual, expectedLabel, actualLabel);
  assert.ok(diff === "", `the IR differs:\n${diff}`);
}

function assertGolden(path: string, actual: string, label: string): void {
  assert.ok(existsSync(path), `${path} is missing; run npm run golden:update and review it`);
  const diff = unifiedDiff(readFileSync(path, "utf8"), actual, label, "actual");
  assert.ok(diff === "", `${label} differs (npm run golden:update rewrites it):\n${diff}`);
}
