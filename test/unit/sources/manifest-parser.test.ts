import { test } from "node:test";
import assert from "node:assert/strict";
import yaml from "js-yaml";
import { parseManifestText } from "../../../src/sources/directory/manifest-parser.js";
import { formatDiagnostic } from "../../../src/core/diagnostics.js";

test("a broken middle document is reported at its line; its siblings survive", () => {
  const text = ["a: 1", "---", "# broken below", "b:", "  c: [1, 2", "  d: 3", "---", "e: 5", ""].join("\n");
  const { documents, diagnostics } = parseManifestText("dir/m.yaml", text);
  assert.deepEqual(documents.map((d) => [d.value, d.location.line]), [[{ a: 1 }, 1], [{ e: 5 }, 8]]);
  assert.equal(diagnostics.length, 1);
  const d = diagnostics[0]!;
  assert.equal(d.stage, "source");
  assert.equal(d.severity, "error");
  assert.equal(d.location?.file, "dir/m.yaml");
  assert.ok(d.location!.line >= 5 && d.location!.line <= 6, `error line ${d.location!.line}`);
  assert.match(formatDiagnostic(d), /^error: dir\/m\.yaml:\d+: invalid YAML: /);
});

test("error lines are relative to the file, not to the document", () => {
  const text = "a: 1\n---\nb: 1\nb: 2\n";
  const { diagnostics } = parseManifestText("f.yaml", text);
  assert.deepEqual(diagnostics.map((d) => [d.location?.line, d.message]), [[4, "invalid YAML: duplicated mapping key (column 1)"]]);
});

test("YAML 1.2 core schema: yes/no/on stay strings, timestamps stay strings, merge keys work", () => {
  const text = "a: yes\nb: no\nc: on\nd: true\ne: 2024-01-01\nf: 010\nbase: &b {x: 1}\ng:\n  <<: *b\n  y: 2\n";
  const [doc] = parseManifestText("f.yaml", text).documents;
  assert.deepEqual(doc?.value, { a: "yes", b: "no", c: "on", d: true, e: "2024-01-01", f: 10, base: { x: 1 }, g: { x: 1, y: 2 } });
});

test("unknown tags are diagnostics, not exceptions", () => {
  const { documents, diagnostics } = parseManifestText("f.yaml", "a: !!js/function 'x'\n---\nb: 1\n");
  assert.equal(documents.length, 1);
  assert.match(diagnostics[0]!.message, /unknown tag/);
});

test("parsed values are deeply frozen and alias-free", () => {
  const [doc] = parseManifestText("f.yaml", "a: &x {k: [1]}\nb: *x\n").documents;
  const value = doc!.value as { a: { k: number[] }; b: { k: number[] } };
  assert.ok(Object.isFrozen(value) && Object.isFrozen(value.a) && Object.isFrozen(value.a.k));
  assert.notEqual(value.a, value.b);
  assert.deepEqual(value.a, value.b);
});

test("a __proto__ key stays a plain key", () => {
  const [doc] = parseManifestText("f.yaml", "__proto__: {polluted: 1}\n").documents;
  const value = doc!.value as Record<string, unknown>;
  assert.equal(Object.getPrototypeOf(value), Object.prototype);
  assert.deepEqual(Object.keys(value), ["__proto__"]);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

test("kind: List is expanded into its items, each at its own line", () => {
  const text = [
    "apiVersion: v1",
    "kind: List",
    "items:",
    "- apiVersion: getambassador.io/v3alpha1",
    "  kind: Mapping",
    "  metadata: {name: a}",
    "# between",
    "- apiVersion: getambassador.io/v3alpha1",
    "  kind: Mapping",
    "  metadata: {name: b}",
    "metadata: {resourceVersion: ''}",
    "---",
    "kind: Host",
  ].join("\n");
  const { documents, diagnostics } = parseManifestText("l.yaml", text);
  assert.deepEqual(diagnostics, []);
  assert.deepEqual(documents.map((d) => [(d.value as { kind: string }).kind, d.location.line]), [["Mapping", 4], ["Mapping", 8], ["Host", 13]]);
  assert.equal(documents[1]!.text, "  apiVersion: getambassador.io/v3alpha1\n  kind: Mapping\n  metadata: {name: b}\n");
});

test("kind: List in JSON and in flow style is expanded too", () => {
  const json = JSON.stringify({ apiVersion: "v1", kind: "List", items: [{ kind: "A" }, { kind: "B" }] }, null, 2);
  assert.deepEqual(parseManifestText("l.json", json).documents.map((d) => d.value), [{ kind: "A" }, { kind: "B" }]);
  const flow = "kind: List\nitems: [{kind: A}, {kind: B}]\n";
  assert.deepEqual(parseManifestText("l.yaml", flow).documents.map((d) => d.value), [{ kind: "A" }, { kind: "B" }]);
});

test("a List without an items sequence is a diagnostic", () => {
  const { documents, diagnostics } = parseManifestText("l.yaml", "---\nkind: List\nitems: 3\n");
  assert.equal(documents.length, 0);
  assert.deepEqual(diagnostics.map((d) => [d.location?.line, d.field]), [[2, "items"]]);
});

test("a JSON file is one document, parsed strictly", () => {
  const ok = parseManifestText("a.json", '\n{"kind": "Mapping", "spec": {"prefix": "/"}}\n');
  assert.deepEqual(ok.documents.map((d) => [d.value, d.location.line]), [[{ kind: "Mapping", spec: { prefix: "/" } }, 2]]);
  const lenient = parseManifestText("b.json", '{"a": }');
  assert.equal(lenient.documents.length, 0);
  assert.match(lenient.diagnostics[0]!.message, /^invalid JSON/);
  const dup = parseManifestText("c.json", '{\n"a": 1,\n"a": 2\n}');
  assert.deepEqual(dup.diagnostics.map((d) => [d.location?.line, d.message]), [[3, "invalid JSON: duplicated mapping key (column 1)"]]);
});

test("billion laughs is refused quickly with a clear message", () => {
  const levels = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"];
  for (let i = 1; i < 12; i++) {
    const prev = String.fromCharCode(96 + i);
    const name = String.fromCharCode(97 + i);
    levels.push(`${name}: &${name} [${Array(10).fill(`*${prev}`).join(", ")}]`);
  }
  const started = performance.now();
  const { documents, diagnostics } = parseManifestText("bomb.yaml", `ok: 1\n---\n${levels.join("\n")}\n`);
  const elapsed = performance.now() - started;
  assert.ok(elapsed < 500, `took ${elapsed} ms`);
  assert.deepEqual(documents.map((d) => d.value), [{ ok: 1 }]);
  assert.equal(diagnostics.length, 1);
  assert.equal(diagnostics[0]!.location?.line, 3);
  assert.match(diagnostics[0]!.message, /expands to more than \d+ values.*billion laughs/);
});

test("legitimate aliases within the budget are kept", () => {
  const text = "defaults: &d {timeout_ms: 3000, retry: {n: 3}}\n" + Array.from({ length: 50 }, (_, i) => `m${i}: *d`).join("\n");
  const { documents, diagnostics } = parseManifestText("f.yaml", text);
  assert.deepEqual(diagnostics, []);
  assert.deepEqual((documents[0]!.value as Record<string, unknown>).m49, { timeout_ms: 3000, retry: { n: 3 } });
});

test("nesting deeper than the limit is refused, even absurdly deep", () => {
  const deep = parseManifestText("f.yaml", "[".repeat(65) + "]".repeat(65));
  assert.match(deep.diagnostics[0]!.message, /nested deeper than 64 levels/);
  const absurd = parseManifestText("f.yaml", "[".repeat(200_000));
  assert.equal(absurd.documents.length, 0);
  assert.equal(absurd.diagnostics.length, 1);
  const ok = parseManifestText("f.yaml", "[".repeat(60) + "]".repeat(60));
  assert.equal(ok.diagnostics.length, 0);
});

test("recursive aliases are refused", () => {
  const { diagnostics } = parseManifestText("f.yaml", "a: &a [*a]\n");
  assert.equal(diagnostics.length, 1);
});

test("documents after the per-file limit are dropped with a diagnostic", () => {
  const text = Array.from({ length: 5 }, (_, i) => `n: ${i}`).join("\n---\n");
  const { documents, diagnostics } = parseManifestText("f.yaml", text, { maxDocumentsPerFile: 3 });
  assert.deepEqual(documents.map((d) => d.value), [{ n: 0 }, { n: 1 }, { n: 2 }]);
  assert.deepEqual(diagnostics.map((d) => d.location?.line), [7]);
  assert.match(diagnostics[0]!.message, /more than 3 documents/);
});

test("10,000 documents parse at close to js-yaml's own speed", () => {
  const doc = (i: number) =>
    `apiVersion: getambassador.io/v3alpha1\nkind: Mapping\nmetadata:\n  name: m${i}\nspec:\n  hostname: "*"\n  prefix: /m${i}/\n  service: s${i}:80\n`;
  const text = Array.from({ length: 10_000 }, (_, i) => doc(i)).join("---\n");
  // Relative to a bare js-yaml loadAll, so a loaded CI machine does not make this flaky.
  const bareStart = performance.now();
  const bare = yaml.loadAll(text, undefined, { schema: yaml.CORE_SCHEMA });
  const bareMs = performance.now() - bareStart;
  const started = performance.now();
  const { documents } = parseManifestText("big.yaml", text);
  const elapsed = performance.now() - started;
  assert.equal(bare.length, 10_000);
  assert.equal(documents.length, 10_000);
  assert.equal(documents[9_999]!.location.line, 9_999 * 9 + 1);
  assert.ok(elapsed < 3 * bareMs + 300 && elapsed < 10_000, `took ${Math.round(elapsed)} ms; js-yaml loadAll ${Math.round(bareMs)} ms`);
});
