// The incremental pipeline (a long-lived Translator and ResourceEncoder, as the control plane
// uses them) must give byte-identical results to a full rebuild after every edit.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Translator, translateDocuments } from "../../../src/pipeline/translate.js";
import { ResourceEncoder } from "../../../src/envoy/encode.js";
import { printConfig } from "../../../src/envoy/print.js";
import { buildSnapshot, type Snapshot } from "../../../src/xds/snapshot.js";
import { parseManifestText } from "../../../src/sources/directory/manifest-parser.js";
import type { SourceDocument } from "../../../src/core/source-document.js";

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

function mappingYaml(name: string, r: () => number): string {
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)] as T;
  const lines = [
    "apiVersion: getambassador.io/v3alpha1", "kind: Mapping",
    `metadata: {name: ${name}, namespace: ${pick(["default", "shop"])}, labels: {team: ${pick(["a", "b"])}}}`,
    "spec:", `  prefix: ${pick(["/a/", "/b/", "/c/", `/${name}/`])}`, `  service: ${pick(["quote", "quote:8080", "10.0.0.1:80", "https://api.example.com", "other.shop"])}`,
  ];
  if (r() < 0.3) lines.push(`  weight: ${pick([10, 20, 50])}`);
  if (r() < 0.3) lines.push(`  hostname: "${pick(["*", "foo.example.com", "*.example.com"])}"`);
  if (r() < 0.2) lines.push(`  timeout_ms: ${pick([100, 5000])}`);
  if (r() < 0.2) lines.push("  headers: {x-user: alice}");
  if (r() < 0.2) lines.push(`  rewrite: "${pick(["", "/in/"])}"`);
  return lines.join("\n") + "\n";
}

function otherYaml(kind: string, r: () => number): string {
  if (kind === "host") return `apiVersion: getambassador.io/v3alpha1\nkind: Host\nmetadata: {name: h}\nspec: {hostname: "${r() < 0.5 ? "*.example.com" : "foo.example.com"}", mappingSelector: {matchLabels: {team: a}}}\n`;
  if (kind === "module") return `apiVersion: getambassador.io/v3alpha1\nkind: Module\nmetadata: {name: ambassador}\nspec: {config: {cluster_request_timeout_ms: ${r() < 0.5 ? 1000 : 4000}}}\n`;
  return `apiVersion: v1\nkind: Service\nmetadata: {name: quote}\nspec: {ports: [{name: http, port: ${r() < 0.5 ? 80 : 8080}}]}\n`;
}

const bytesOf = (s: Snapshot) =>
  Object.entries(s.types).map(([t, ts]) => [t, ts.version, [...ts.resources.values()].map((r) => Buffer.from(r.bytes).toString("base64"))]);

for (const seed of [1, 2, 3]) {
  test(`incremental and full rebuild agree over a random edit sequence (seed ${seed})`, () => {
    const r = rng(seed);
    const files = new Map<string, readonly SourceDocument[]>();
    const write = (file: string, text: string) => files.set(file, parseManifestText(file, text).documents);
    for (let i = 0; i < 30; i++) write(`m${i}.yaml`, mappingYaml(`m${i}`, r));
    const translator = new Translator();
    const encoder = new ResourceEncoder();
    for (let step = 0; step < 60; step++) {
      const op = r();
      const i = Math.floor(r() * 40);
      if (op < 0.5) write(`m${i}.yaml`, mappingYaml(`m${i}`, r));
      else if (op < 0.7) files.delete(`m${i}.yaml`);
      else write(`${["host", "module", "service"][i % 3]}.yaml`, otherYaml(["host", "module", "service"][i % 3] as string, r));
      const docs = [...files.keys()].sort().flatMap((f) => files.get(f) ?? []);
      const inc = translator.translate(docs);
      const full = translateDocuments(docs);
      assert.equal(printConfig(inc.config), printConfig(full.config), `config differs at step ${step}`);
      assert.deepEqual(inc.diagnostics, full.diagnostics, `diagnostics differ at step ${step}`);
      assert.deepEqual(bytesOf(buildSnapshot(step, inc.config, encoder)), bytesOf(buildSnapshot(step, full.config, new ResourceEncoder())), `bytes differ at step ${step}`);
    }
  });
}
