// Bad input must become diagnostics, never an exception out of the stage.
import assert from "node:assert/strict";
import { test } from "node:test";
import { buildResourceSet } from "../../../src/resources/index.js";
import { KIND_SCHEMAS } from "../../../src/resources/schemas/index.js";
import type { SourceDocument } from "../../../src/core/source-document.js";
import { OPTS } from "./helpers.js";

let seed = 1234;
function rand(n: number): number {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed % n;
}

const STRINGS = ["", "/", "x", "(?=x)", "[", "a:b", "quote:99999", "*", "HTTP", "XFP", "-1", "ambassador", "\n"];

/** A random value, biased towards the field names of `keys` so that it reaches deep checks. */
function randomValue(depth: number, keys: readonly string[]): unknown {
  switch (depth > 3 ? rand(4) : rand(8)) {
    case 0: return null;
    case 1: return rand(2) === 0;
    case 2: return rand(3) === 0 ? -rand(100000) : rand(70000);
    case 3: return STRINGS[rand(STRINGS.length)];
    case 4: return 1.5;
    case 5: return Array.from({ length: rand(4) }, () => randomValue(depth + 1, keys));
    default: {
      const out: Record<string, unknown> = {};
      for (let i = rand(6); i > 0; i--) out[keys[rand(keys.length)] ?? "k"] = randomValue(depth + 1, keys);
      return out;
    }
  }
}

function fieldNames(): string[] {
  const names = new Set<string>(["value", "append", "name", "namespace", "labels", "annotations"]);
  const walk = (s: { properties?: object; items?: object; additionalProperties?: object }): void => {
    for (const [k, sub] of Object.entries(s.properties ?? {})) {
      names.add(k);
      walk(sub as object);
    }
    if (s.items) walk(s.items);
    if (s.additionalProperties) walk(s.additionalProperties);
  };
  for (const k of Object.values(KIND_SCHEMAS)) walk(k.spec as object);
  return [...names];
}

test("random documents never make the stage throw", () => {
  const keys = fieldNames();
  const kinds = ["Mapping", "Host", "Listener", "Module", "Service", "Maping", 7];
  const docs: SourceDocument[] = Array.from({ length: 3000 }, (_, i) => {
    const kind = kinds[rand(kinds.length)];
    const value = rand(20) === 0 ? randomValue(0, keys) : {
      apiVersion: kind === "Service" ? "v1" : rand(10) === 0 ? "getambassador.io/v2" : "getambassador.io/v3alpha1",
      kind,
      metadata: rand(10) === 0 ? randomValue(2, keys) : { name: rand(2) === 0 ? `r${i % 50}` : "ambassador", namespace: rand(3) === 0 ? "other" : undefined },
      spec: randomValue(0, keys),
    };
    return { value, location: { file: "fuzz.yaml", line: i + 1 }, text: "spec:\n  x: 1\n" };
  });
  const rs = buildResourceSet(docs, OPTS);
  assert.ok(rs.diagnostics.length > 0);
  console.log(`# ${rs.mappings.length + rs.hosts.length + rs.listeners.length + rs.services.length} served, ${rs.diagnostics.length} diagnostics, ${new Set(rs.diagnostics.map((d) => d.message.slice(0, 30))).size} distinct messages`);
  assert.deepEqual(buildResourceSet(docs, OPTS), rs, "deterministic");
});
