// A quick scale check: prints how long 10,000 Mappings take to validate (no timed assertion;
// the figure is for humans and CI logs). Target: well under 100 ms once warm.
import assert from "node:assert/strict";
import { test } from "node:test";
import { buildResourceSet } from "../../../src/resources/index.js";
import type { SourceDocument } from "../../../src/core/source-document.js";
import { OPTS } from "./helpers.js";

function mappings(n: number, regex = false): SourceDocument[] {
  return Array.from({ length: n }, (_, i) => ({
    value: {
      apiVersion: "getambassador.io/v3alpha1",
      kind: "Mapping",
      metadata: { name: `m${i}`, namespace: `ns${i % 10}`, labels: { app: "x" } },
      spec: {
        prefix: regex ? `^/api/v${i}/(.*)$` : `/api/v${i}/`,
        ...(regex ? { prefix_regex: true, regex_rewrite: { pattern: `^/api/v${i}/(.*)$`, substitution: "/\\1" } } : {}),
        service: `svc${i % 100}.ns${i % 10}:8080`,
        hostname: "*.example.com",
        timeout_ms: 3000,
        headers: { "x-tenant": `t${i}` },
        add_request_headers: { "x-route": `${i}` },
        remove_response_headers: "server",
      },
    },
    location: { file: "many.yaml", line: 1 + i * 14 },
    text: "",
  }));
}

test("10,000 Mappings validate quickly", (t) => {
  const docs = mappings(10_000);
  const times: number[] = [];
  let rs = buildResourceSet(docs, OPTS);
  for (let i = 0; i < 10; i++) {
    const start = performance.now();
    rs = buildResourceSet(docs, OPTS);
    times.push(performance.now() - start);
  }
  assert.equal(rs.mappings.length, 10_000);
  assert.deepEqual(rs.diagnostics, []);
  const best = Math.min(...times).toFixed(1);
  t.diagnostic(`buildResourceSet, 10,000 Mappings: best ${best} ms of 10 warm runs (${times.map((x) => x.toFixed(0)).join(", ")} ms)`);
  console.log(`# 10,000 Mappings validated in ${best} ms (best of 10 warm runs)`);
});

test("10,000 regex Mappings (distinct patterns) validate quickly", (t) => {
  const docs = mappings(10_000, true);
  const start = performance.now();
  const rs = buildResourceSet(docs, OPTS);
  const ms = (performance.now() - start).toFixed(1);
  assert.equal(rs.mappings.length, 10_000);
  assert.deepEqual(rs.diagnostics, []);
  t.diagnostic(`buildResourceSet, 10,000 regex Mappings, first run: ${ms} ms`);
  console.log(`# 10,000 regex Mappings (10,000 distinct regexes) validated in ${ms} ms (first run)`);
});
