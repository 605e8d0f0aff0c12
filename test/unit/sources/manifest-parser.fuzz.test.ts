// Property tests of the manifest parser: generated multi-document files must come back document
// for document (value and start line), and arbitrary garbage must only ever yield diagnostics.
import { test } from "node:test";
import assert from "node:assert/strict";
import yaml from "js-yaml";
import { parseManifestText } from "../../../src/sources/directory/manifest-parser.js";

/** Small seeded PRNG (mulberry32) so a failure names a seed that reproduces it. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEEDS = Number(process.env.ATTACHE_FUZZ_SEEDS ?? 400);
const BASE_SEED = Number(process.env.ATTACHE_FUZZ_SEED ?? 20261126);

interface Gen {
  readonly r: () => number;
  int(n: number): number;
  pick<T>(xs: readonly T[]): T;
  chance(p: number): boolean;
}

function gen(seed: number): Gen {
  const r = rng(seed);
  return {
    r,
    int: (n) => Math.floor(r() * n),
    pick: (xs) => xs[Math.floor(r() * xs.length)]!,
    chance: (p) => r() < p,
  };
}

const TRICKY_STRINGS = [
  "yes", "no", "on", "off", "~", "null", "true", "2024-01-01", "0x1F", "010", "1e3", ".inf",
  "--- not a marker", "...", "# not a comment", "a: b", "multi\nline\n---\ntext", "tab\there",
  "quote ' and \"", "unicode é ✓ 🚀", "", " leading space", "trailing space ", "- dash", "[x]", "{y}", "&anchor", "*alias", "%directive",
];

const TRICKY_KEYS = TRICKY_STRINGS.filter((s) => s !== "");

function randomScalar(g: Gen): unknown {
  switch (g.int(5)) {
    case 0: return g.int(100_000) - 50_000;
    case 1: return g.chance(0.5);
    case 2: return null;
    case 3: return g.pick(TRICKY_STRINGS);
    default: return `s${g.int(1000)}`;
  }
}

function randomValue(g: Gen, depth: number): unknown {
  const roll = depth > 2 ? 0 : g.int(4);
  if (roll === 1) return Array.from({ length: g.int(4) }, () => randomValue(g, depth + 1));
  if (roll >= 2) return randomMapping(g, depth + 1);
  return randomScalar(g);
}

function randomMapping(g: Gen, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const n = 1 + g.int(4);
  for (let i = 0; i < n; i++) out[g.chance(0.8) ? `k${g.int(50)}` : g.pick(TRICKY_KEYS)] = randomValue(g, depth);
  return out;
}

const COMMENTS = ["# a comment", "  # indented comment", "#", "# --- dashes in a comment", ""];

function randomNoise(g: Gen): string[] {
  return Array.from({ length: g.int(3) }, () => g.pick(COMMENTS));
}

interface Expected {
  readonly value: unknown;
  readonly line: number;
  readonly endLine: number;
  readonly broken: boolean;
}

function dump(g: Gen, value: unknown): string {
  return yaml.dump(value, { schema: yaml.CORE_SCHEMA, flowLevel: g.chance(0.2) ? g.int(3) : -1, indent: 2 + g.int(3) });
}

/** Builds a file line by line, remembering where each document's content starts and ends. */
function randomFile(g: Gen): { text: string; expected: Expected[] } {
  const out: string[] = [];
  const expected: Expected[] = [];
  const docs = g.int(7);
  out.push(...randomNoise(g));
  for (let i = 0; i < docs; i++) {
    const explicit = i > 0 || g.chance(0.5);
    if (explicit) out.push(g.pick(["---", "--- # doc", "---  ", "---\t# x"]));
    out.push(...randomNoise(g));
    if (g.chance(0.1)) continue; // an empty document: only comments
    let value = g.chance(0.85) ? randomMapping(g, 0) : randomValue(g, 1);
    let body = dump(g, value);
    // js-yaml dumps the string "..." unquoted, which is a document end marker, not a value.
    if (/^(?:---|\.\.\.)(?:\s|$)/m.test(body)) body = dump(g, (value = randomMapping(g, 0)));
    const bodyLines = body.replace(/\n$/, "").split("\n");
    const broken = g.chance(0.15);
    const line = out.length + 1;
    out.push(...bodyLines);
    if (broken) out.push("}{ broken: [");
    expected.push({ value, line, endLine: out.length, broken });
    // After a document only column-0 comments: an indented one would continue a block scalar.
    if (g.chance(0.3)) out.push(...randomNoise(g).map((l) => l.trimStart()));
    if (g.chance(0.15)) out.push("...");
  }
  let text = out.join("\n");
  if (g.chance(0.7)) text += "\n";
  if (g.chance(0.3)) text = text.replace(/\n/g, "\r\n");
  return { text, expected };
}

test("property: every generated document is recovered with its start line and value", () => {
  for (let s = 0; s < SEEDS; s++) {
    const seed = BASE_SEED + s;
    const { text, expected } = randomFile(gen(seed));
    const { documents, diagnostics } = parseManifestText("gen.yaml", text);
    const why = `seed ${seed}:\n${text}`;
    const good = expected.filter((e) => !e.broken);
    assert.deepEqual(documents.map((d) => d.location.line), good.map((e) => e.line), why);
    assert.deepEqual(documents.map((d) => d.value), good.map((e) => e.value), why);
    const broken = expected.filter((e) => e.broken);
    assert.equal(diagnostics.length, broken.length, why);
    diagnostics.forEach((d, i) => {
      const e = broken[i]!;
      const line = d.location?.line ?? 0;
      assert.ok(line >= e.line && line <= e.endLine + 1, `${why}\nerror at ${line}, document spans ${e.line}-${e.endLine}`);
    });
  }
});

const GARBAGE_PIECES = ["---", "...", "--- ", "- ", ": ", "? ", "[", "]", "{", "}", ",", "&a ", "*a", "*b", "!!str ", "!x ", "|", ">", "'", '"', "#", "%YAML 1.2", "%TAG", "\t", "  ", "\n", "\r", "\r\n", "\uFEFF", "\u0000", "é", "🚀", "<<: ", "kind: List\nitems: ", "key", "1", "null"];

test("property: arbitrary garbage never throws, only yields located diagnostics", () => {
  for (let s = 0; s < SEEDS * 2; s++) {
    const seed = BASE_SEED + 100_000 + s;
    const g = gen(seed);
    const text = g.chance(0.5)
      ? Array.from({ length: g.int(60) }, () => g.pick(GARBAGE_PIECES)).join("")
      : String.fromCharCode(...Array.from({ length: g.int(200) }, () => g.int(0x3000)));
    const lineCount = text.split(/\r\n|\r|\n/).length;
    const file = g.chance(0.2) ? "g.json" : "g.yaml";
    let result: ReturnType<typeof parseManifestText>;
    try {
      result = parseManifestText(file, text);
    } catch (err) {
      assert.fail(`seed ${seed}: threw ${String(err)} on ${JSON.stringify(text)}`);
    }
    for (const d of result.documents) {
      assert.ok(d.location.line >= 1 && d.location.line <= lineCount, `seed ${seed}: document line ${d.location.line}`);
    }
    for (const d of result.diagnostics) {
      assert.equal(d.stage, "source");
      assert.equal(d.location?.file, file);
      assert.ok(d.location.line >= 1 && d.location.line <= lineCount + 1, `seed ${seed}: diagnostic line ${d.location.line} of ${lineCount}`);
    }
  }
});

const SCHEMA = yaml.CORE_SCHEMA.extend({ implicit: [(yaml as unknown as { types: { merge: yaml.Type } }).types.merge] });

// Where js-yaml departs from the YAML spec, the parser follows the spec: a `---`/`...` line at
// column 0 is a marker even right after a root block scalar's header (js-yaml reads it as the
// scalar's text), a lone CR is a line break, and a byte order mark may start any document (js-yaml
// drops one only at the very start of its input). NUL is never valid YAML.
const ORACLE_PIECES = GARBAGE_PIECES.filter((p) => !["\r", "\u0000", "\uFEFF"].includes(p));

test("property: on random streams js-yaml's loadAll accepts, the documents agree with it", () => {
  let compared = 0;
  for (let s = 0; s < SEEDS * 20; s++) {
    const seed = BASE_SEED + 200_000 + s;
    const g = gen(seed);
    // Ending in a newline: js-yaml takes a final `---` with no newline as block scalar text.
    const text = `${Array.from({ length: 1 + g.int(25) }, () => g.pick(ORACLE_PIECES)).join("")}\n`;
    let reference: unknown[];
    try {
      reference = yaml.loadAll(text, undefined, { schema: SCHEMA });
    } catch {
      continue; // one broken document fails loadAll as a whole; the parser's point is not to
    }
    // loadAll cannot tell an empty document (skipped here) from an explicit null.
    if (reference.some((d) => d === null || d === undefined)) continue;
    if (reference.some((d) => typeof d === "string" && /---|\.\.\./.test(d))) continue;
    if (/^---[^ \t\r\n]/m.test(text)) continue; // js-yaml reads `---x` at a document's start as a marker
    if (reference.some((d) => typeof d === "object" && (d as { kind?: unknown }).kind === "List")) continue;
    compared++;
    const ours = parseManifestText("o.yaml", text);
    assert.deepEqual(ours.diagnostics, [], `seed ${seed}: ${JSON.stringify(text)}`);
    assert.deepEqual(ours.documents.map((d) => d.value), reference, `seed ${seed}: ${JSON.stringify(text)}`);
  }
  assert.ok(compared > SEEDS, `only ${compared} streams were comparable`);
});
