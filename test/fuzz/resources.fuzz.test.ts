// Property test of the resources stage (issue 16): random values of every type in every field
// of every kind. Whatever the input, no exception escapes translation or encoding, and every
// resource either gets an error diagnostic or ends up in a config that a real Envoy accepts
// (`--mode validate`, on samples of the accepted resources). CI runs a fixed seed for a
// bounded time; `npm run fuzz` picks a random seed and runs longer (ATTACHE_FUZZ_SEED,
// ATTACHE_FUZZ_MS, ATTACHE_FUZZ_ENVOY_SAMPLES override each).
import { test } from "node:test";
import assert from "node:assert/strict";
import { dump } from "js-yaml";
import { refKey } from "../../src/core/diagnostics.js";
import { ResourceEncoder } from "../../src/envoy/encode.js";
import { translateDocuments } from "../../src/pipeline/translate.js";
import { buildSnapshot } from "../../src/xds/snapshot.js";
import type { SourceDocument } from "../../src/core/source-document.js";
import { envoyValidate } from "../support/envoy-validate.js";
import { FOCUS, FUZZED_KINDS, randomDocument } from "./documents.js";
import { Rng } from "./random-values.js";

const SEED = Number(process.env.ATTACHE_FUZZ_SEED ?? 16016);
const BUDGET_MS = Number(process.env.ATTACHE_FUZZ_MS ?? 6000);
const ENVOY_SAMPLES = Number(process.env.ATTACHE_FUZZ_ENVOY_SAMPLES ?? 4);
/** Accepted resources per config sent to Envoy. */
const SAMPLE_SIZE = 40;
const POOL = 1000;

function yamlOf(docs: readonly SourceDocument[]): string {
  return docs.map((d) => dump(d.value, { skipInvalid: true })).join("---\n");
}

/** Translates and encodes; any exception is a failure that names the input. */
function translateOrFail(docs: readonly SourceDocument[], what: string): ReturnType<typeof translateDocuments> {
  try {
    const result = translateDocuments(docs);
    buildSnapshot(1, result.config, new ResourceEncoder());
    return result;
  } catch (err) {
    return assert.fail(`translation or encoding threw (${what}): ${(err as Error).stack}\n${yamlOf(docs)}`);
  }
}

/** Documents whose resource got no error: they must be fine for Envoy, in any company. */
function accepted(docs: readonly SourceDocument[], batch: number): SourceDocument[] {
  const result = translateOrFail(docs, `seed ${SEED}, batch ${batch}`);
  const bad = new Set(result.diagnostics.filter((d) => d.severity === "error" && d.ref).map((d) => refKey(d.ref!)));
  return docs.filter((d) => {
    const v = d.value as { kind: string; metadata: { name: string; namespace?: string } };
    return !bad.has(refKey({ kind: v.kind, namespace: v.metadata.namespace ?? "default", name: v.metadata.name }));
  });
}

/** A copy with a name unique in the pool, so pooled resources do not collide by accident. */
function renamed(d: SourceDocument, n: number): SourceDocument {
  const v = d.value as { kind: string; metadata: Record<string, unknown> };
  if (v.kind === "Module") return d;
  return { ...d, value: { ...v, metadata: { ...v.metadata, name: `${String(v.metadata.name)}-${n}` } } };
}

test(`resources fuzz: seed ${SEED}, ${BUDGET_MS} ms, every kind and field; diagnostics or a config Envoy accepts`, async () => {
  const rng = new Rng(SEED);
  const started = Date.now();
  const seen = new Set<string>();
  const pool: SourceDocument[] = [];
  let batches = 0;
  let resources = 0;
  let kept = 0;
  for (; Date.now() - started < BUDGET_MS; batches++) {
    // Every other batch leads with a resource whose turn it is to have one field filled in.
    const turn = FOCUS[(batches >> 1) % FOCUS.length]!;
    const lead = batches % 2 === 0 ? [randomDocument(rng, 0, turn.kind, turn.path)] : [];
    const docs = [...lead, ...Array.from({ length: rng.int(5) }, (_, i) => randomDocument(rng, i + 1))];
    for (const d of docs) seen.add(String((d.value as { kind: string }).kind));
    resources += docs.length;
    for (const d of accepted(docs, batches)) {
      kept++;
      // Reservoir sampling: every accepted resource has the same chance to reach Envoy.
      if (pool.length < POOL) pool.push(renamed(d, kept));
      else if (rng.int(kept) < POOL) pool[rng.int(POOL)] = renamed(d, kept);
    }
  }
  for (const k of FUZZED_KINDS) assert.ok(seen.has(k), `kind ${k} was never generated`);
  const fields = Math.min(FOCUS.length, batches >> 1);
  for (let s = 0; s < ENVOY_SAMPLES && pool.length > 0; s++) await checkWithEnvoy(sampleOf(pool, rng), s);
  process.stdout.write(`# resources fuzz: seed ${SEED}, ${batches} batches, ${resources} resources, ${kept} accepted, ${fields} of ${FOCUS.length} fields focused, ${ENVOY_SAMPLES} configs of ${SAMPLE_SIZE} validated by Envoy\n`);
  assert.ok(batches >= 50, `only ${batches} batches in ${BUDGET_MS} ms`);
});

function sampleOf(pool: readonly SourceDocument[], rng: Rng): SourceDocument[] {
  const picked = new Map<number, SourceDocument>();
  while (picked.size < Math.min(SAMPLE_SIZE, pool.length)) {
    const i = rng.int(pool.length);
    picked.set(i, pool[i] as SourceDocument);
  }
  const docs = [...picked.values()];
  const firstModule = docs.findIndex((d) => (d.value as { kind: string }).kind === "Module");
  return docs.filter((d, i) => (d.value as { kind: string }).kind !== "Module" || i === firstModule);
}

async function checkWithEnvoy(docs: readonly SourceDocument[], sample: number): Promise<void> {
  const verdict = await envoyValidate(translateOrFail(docs, `sample ${sample}`).config);
  if (verdict.ok) return;
  // Narrow it down to one resource (with the Services it may need), so the report is short.
  let culprit: readonly SourceDocument[] = docs;
  for (const d of docs) {
    const alone = [d, ...docs.filter((o) => o !== d && (o.value as { kind: string }).kind !== "Mapping")];
    if (!(await envoyValidate(translateOrFail(alone, "narrowing").config)).ok) {
      culprit = [d];
      break;
    }
  }
  assert.fail(`seed ${SEED}, sample ${sample}: Envoy rejected a config built from resources the stage accepted:\n${verdict.output.slice(-2000)}\nculprit:\n${yamlOf(culprit)}`);
}
