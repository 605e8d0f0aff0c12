import { test } from "node:test";
import assert from "node:assert/strict";
import { normalizeLineBreaks, splitDocuments } from "../../../src/sources/directory/document-splitter.js";
import { parseManifestText } from "../../../src/sources/directory/manifest-parser.js";

const lines = (text: string) => parseManifestText("f.yaml", text).documents.map((d) => d.location.line);
const values = (text: string) => parseManifestText("f.yaml", text).documents.map((d) => d.value);

test("a single document without markers starts at its first line", () => {
  assert.deepEqual(lines("a: 1\nb: 2\n"), [1]);
  assert.deepEqual(values("a: 1\nb: 2\n"), [{ a: 1, b: 2 }]);
});

test("leading comments and blank lines are not the document's first line", () => {
  assert.deepEqual(lines("# licence\n\n  # indented comment\na: 1\n"), [3 + 1]);
});

test("--- separators, with comments after them and between documents", () => {
  const text = ["---", "a: 1", "--- # second", "# about b", "", "b: 2", "---   ", "c: 3"].join("\n");
  assert.deepEqual(lines(text), [2, 6, 8]);
  assert.deepEqual(values(text), [{ a: 1 }, { b: 2 }, { c: 3 }]);
});

test("content on the marker line starts the document on that line", () => {
  const text = "--- {a: 1}\n--- |\n  block\n---\nplain\n";
  assert.deepEqual(lines(text), [1, 2, 5]);
  assert.deepEqual(values(text), [{ a: 1 }, "block\n", "plain"]);
});

test("... ends a document; a bare document may follow", () => {
  const text = "a: 1\n...\n---\nb: 2\n...\n# c\nc: 3\n";
  assert.deepEqual(lines(text), [1, 4, 7]);
  assert.deepEqual(values(text), [{ a: 1 }, { b: 2 }, { c: 3 }]);
});

test("content after ... on the same line starts the next document, as in js-yaml", () => {
  const text = "a: 1\n... b: 2\n---\nc: 3\n";
  assert.deepEqual(values(text), [{ a: 1 }, { b: 2 }, { c: 3 }]);
  assert.deepEqual(lines(text), [1, 2, 4]);
});

test("empty documents (only comments or whitespace) are skipped", () => {
  const text = "---\n# nothing here\n---\n\n   \n---\na: 1\n---\n";
  assert.deepEqual(lines(text), [7]);
});

test("CRLF line endings count lines the same and are normalized in the text", () => {
  const text = "# c\r\na: 1\r\n---\r\nb: 2\r\n";
  assert.deepEqual(lines(text), [2, 4]);
  const docs = parseManifestText("f.yaml", text).documents;
  assert.equal(docs[0]?.text, "a: 1\n");
  assert.deepEqual(values(text), [{ a: 1 }, { b: 2 }]);
});

test("a lone CR is a line break, as in js-yaml", () => {
  assert.equal(normalizeLineBreaks("a\rb\r\nc"), "a\nb\nc");
  assert.deepEqual(lines("# x\ra: 1\r---\rb: 2"), [2, 4]);
});

test("a file without a trailing newline keeps its last line", () => {
  const text = "a: 1\n---\nb: 2";
  assert.deepEqual(values(text), [{ a: 1 }, { b: 2 }]);
  assert.equal(parseManifestText("f.yaml", text).documents[1]?.text, "b: 2");
});

test("a byte order mark does not shift lines", () => {
  assert.deepEqual(lines("\uFEFFa: 1\n---\nb: 2\n"), [1, 3]);
});

test("--- inside indented block scalars and quoted text is not a separator", () => {
  const text = 'a: |\n  ---\n  x\nb: "--- y"\nc: ---x\n---x: 1\n';
  assert.deepEqual(values(text), [{ a: "---\nx\n", b: "--- y", c: "---x", "---x": 1 }]);
});

test("content starting with dashes is not mistaken for a marker (js-yaml would read `---x: 1` as {x: 1})", () => {
  assert.deepEqual(values("---x: 1\n"), [{ "---x": 1 }]);
  assert.deepEqual(values("a: 1\n---\n----\n"), [{ a: 1 }, "----"]);
  const broken = parseManifestText("f.yaml", "# c\n---x: [\n");
  assert.equal(broken.diagnostics[0]?.location?.line, 3);
});

test("a document's text is its own text, starting at its first content line", () => {
  const segments = splitDocuments("# h\na: 1\n# trailing\n---\nb: 2\n");
  assert.deepEqual(segments, [
    { line: 2, text: "a: 1\n# trailing\n" },
    { line: 5, text: "b: 2\n" },
  ]);
});

test("%YAML directives before --- are not content", () => {
  assert.deepEqual(lines("%YAML 1.2\n---\na: 1\n"), [3]);
});
