// The pipeline is the architecture: this test reads the import statements of every file in
// src/ and checks them against the rules docs/architecture.md states. Type-only imports count
// too: a type from a later stage ties the earlier one to it just as well. A rule that is
// broken on purpose gets an entry in ALLOWED, with the reason, until the code is fixed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

/** The source tree (tests run from dist/, the .ts files live in src/). */
const SRC = fileURLToPath(new URL("../../../../src/", import.meta.url));
const DOC = fileURLToPath(new URL("../../../../docs/architecture.md", import.meta.url));

/** Every top-level folder of src/ is one of these; a new one must be placed here (and in the doc). */
const STAGES = ["core", "util", "sources", "k8s", "resources", "ir", "envoy", "xds", "pipeline", "runtime", "proxy", "status", "diag", "cli"] as const;
type Stage = (typeof STAGES)[number];

interface Rule {
  readonly stage: Stage;
  /** Stages it must not import. */
  readonly never: readonly Stage[];
  /** When set, the only stages it may import (everything else is forbidden). */
  readonly only?: readonly Stage[];
  /** Whether it may import npm packages (node: built-ins are always allowed). */
  readonly packages: boolean;
  readonly why: string;
}

const RULES: readonly Rule[] = [
  { stage: "core", never: [], only: [], packages: false,
    why: "core is the shared vocabulary (Diagnostic, SourceDocument) under every stage" },
  { stage: "util", never: [], only: [], packages: true,
    why: "util holds generic helpers that know nothing of attache's stages" },
  { stage: "sources", never: ["ir", "envoy", "xds"], packages: true,
    why: "sources hand raw documents on; what they mean is decided later" },
  { stage: "resources", never: ["ir", "envoy", "xds", "runtime", "pipeline", "cli"], packages: true,
    why: "resources validate documents; they must not know how they are served" },
  { stage: "ir", never: ["envoy", "xds", "runtime", "cli", "sources"], packages: true,
    why: "the IR is meaning independent of Envoy's shape and of where documents came from" },
  { stage: "envoy", never: ["xds", "sources", "runtime", "cli"], packages: true,
    why: "envoy shapes the IR into Envoy config; serving it is the xds stage's job" },
];

// Today's exceptions to RULES, as "from-file -> imported-file" (paths under src/), each with why.
// `core` may import util (both are below the stages): that is part of the rule, not an exception.
const ALLOWED: ReadonlyMap<string, string> = new Map([
  // (none today)
]);

interface Import {
  readonly from: string;
  readonly specifier: string;
  /** Path under src/ of the imported .ts file, when it is one of ours. */
  readonly target?: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return e.name.endsWith(".ts") ? [path] : [];
  });
}

const toPosix = (p: string) => p.split(sep).join("/");

function importsOf(file: string): Import[] {
  const text = readFileSync(file, "utf8");
  const from = toPosix(relative(SRC, file));
  // preProcessFile finds import/export-from/dynamic import() whatever their layout (multi-line too).
  return ts.preProcessFile(text, true, true).importedFiles.map(({ fileName: specifier }) => {
    if (!specifier.startsWith(".")) return { from, specifier };
    const target = toPosix(relative(SRC, resolve(dirname(file), specifier))).replace(/\.js$/, ".ts");
    return { from, specifier, target };
  });
}

const stageOf = (pathUnderSrc: string): string => pathUnderSrc.split("/")[0] ?? "";
const isNodeBuiltin = (specifier: string) => specifier.startsWith("node:");
const isGenerated = (specifier: string) => specifier.startsWith("#gen/");

const files = sourceFiles(SRC).sort();
const imports = files.flatMap(importsOf);

function violations(rule: Rule): string[] {
  const out: string[] = [];
  for (const i of imports) {
    if (stageOf(i.from) !== rule.stage) continue;
    const why = brokenBy(rule, i);
    if (why && !ALLOWED.has(`${i.from} -> ${i.target ?? i.specifier}`)) out.push(`${i.from} imports ${i.specifier} (${why})`);
  }
  return out;
}

function brokenBy(rule: Rule, i: Import): string | undefined {
  if (i.target === undefined) {
    if (isNodeBuiltin(i.specifier)) return undefined;
    if (isGenerated(i.specifier)) return rule.only ? "generated Envoy code" : undefined;
    return rule.packages ? undefined : "an npm package";
  }
  const target = stageOf(i.target);
  if (target === rule.stage) return undefined;
  if (rule.only && !(rule.stage === "core" && target === "util") && !rule.only.includes(target as Stage)) return `the ${target} stage`;
  if (rule.never.includes(target as Stage)) return `the ${target} stage`;
  return undefined;
}

test("the import rules see every src/ file and its imports", () => {
  assert.ok(files.length > 100, `only ${files.length} files under ${SRC}`);
  assert.ok(imports.length > files.length, "too few imports found: is the parser reading the files?");
  // A multi-line import must be found too (xds/delta-client-state.ts has one).
  assert.ok(imports.some((i) => i.from === "xds/delta-client-state.ts" && i.target === "xds/client-state.ts"));
});

test("every folder of src/ is a known stage", () => {
  const dirs = readdirSync(SRC, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  const unknown = dirs.filter((d) => !(STAGES as readonly string[]).includes(d));
  assert.deepEqual(unknown, [], "a new stage: add it to STAGES (and its rules) here and to docs/architecture.md");
  const loose = readdirSync(SRC).filter((f) => f.endsWith(".ts"));
  assert.deepEqual(loose, [], "every src/ file belongs to a stage folder");
});

test("docs/architecture.md has a row for every stage", () => {
  const doc = readFileSync(DOC, "utf8");
  const missing = STAGES.filter((s) => !doc.includes(`| \`${s}/\` |`));
  assert.deepEqual(missing, [], "the doc's stage table must describe every stage the test knows");
});

test("relative imports stay inside src/ and name a file that exists", () => {
  const known = new Set(files.map((f) => toPosix(relative(SRC, f))));
  const bad = imports
    .filter((i) => i.target !== undefined)
    .filter((i) => i.target?.startsWith("..") || !known.has(i.target ?? ""))
    .map((i) => `${i.from} imports ${i.specifier}`);
  assert.deepEqual(bad, [], "src/ must not reach into test/, bench/ or a missing file");
});

for (const rule of RULES) {
  const what = rule.only ? `only ${["node:", ...(rule.stage === "core" ? ["util"] : []), ...(rule.packages ? ["npm packages"] : [])].join(", ")}` : `never ${rule.never.join("/")}`;
  test(`${rule.stage} imports ${what}: ${rule.why}`, () => {
    assert.deepEqual(violations(rule), []);
  });
}

test("the rules catch what they forbid", () => {
  const rule = (stage: Stage) => RULES.find((r) => r.stage === stage) as Rule;
  assert.equal(brokenBy(rule("ir"), { from: "ir/build.ts", specifier: "../envoy/route.js", target: "envoy/route.ts" }), "the envoy stage");
  assert.equal(brokenBy(rule("resources"), { from: "resources/a.ts", specifier: "../pipeline/t.js", target: "pipeline/t.ts" }), "the pipeline stage");
  assert.equal(brokenBy(rule("core"), { from: "core/a.ts", specifier: "../resources/types.js", target: "resources/types.ts" }), "the resources stage");
  assert.equal(brokenBy(rule("core"), { from: "core/a.ts", specifier: "ajv" }), "an npm package");
  assert.equal(brokenBy(rule("core"), { from: "core/a.ts", specifier: "../util/compare.js", target: "util/compare.ts" }), undefined);
  assert.equal(brokenBy(rule("util"), { from: "util/a.ts", specifier: "../core/diagnostics.js", target: "core/diagnostics.ts" }), "the core stage");
  assert.equal(brokenBy(rule("envoy"), { from: "envoy/a.ts", specifier: "#gen/envoy/x_pb.js" }), undefined);
  assert.equal(brokenBy(rule("ir"), { from: "ir/a.ts", specifier: "../resources/types.js", target: "resources/types.ts" }), undefined);
});

test("every allowance is still needed", () => {
  const present = new Set(imports.map((i) => `${i.from} -> ${i.target ?? i.specifier}`));
  const stale = [...ALLOWED.keys()].filter((k) => !present.has(k));
  assert.deepEqual(stale, [], "remove allowances for imports that are gone");
});
