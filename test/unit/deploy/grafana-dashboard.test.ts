// deploy/grafana-dashboard.json queries only metrics attache exports (names taken from a live
// registry), and is a dashboard Grafana can import (valid JSON, unique panel ids, a datasource input).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Metrics } from "../../../src/diag/metrics.js";
import { REPO_ROOT } from "../../support/harness/repo.js";

interface Panel {
  readonly id: number;
  readonly type: string;
  readonly targets?: readonly { readonly expr: string }[];
}

test("every attache_ series in the dashboard is one /metrics exports", async () => {
  const dash = JSON.parse(readFileSync(join(REPO_ROOT, "deploy", "grafana-dashboard.json"), "utf8")) as { panels: Panel[]; __inputs: unknown[] };
  assert.ok(dash.__inputs.length > 0);
  const ids = dash.panels.map((p) => p.id);
  assert.equal(new Set(ids).size, ids.length, "panel ids are unique");
  const metrics = new Metrics({ resourceCounts: () => [], connectedProxies: () => 0 });
  const exported = new Set((await metrics.registry.getMetricsAsJSON()).map((m) => m.name));
  const used = dash.panels.flatMap((p) => p.targets ?? []).flatMap((t) => t.expr.match(/attache_[a-z_]+/g) ?? []);
  assert.ok(used.length > 10);
  for (const name of used) {
    const base = name.replace(/_(bucket|sum|count)$/, "");
    assert.ok(exported.has(base), `${name} is not exported`);
  }
  for (const name of exported) assert.ok(used.some((u) => u.startsWith(name)), `${name} has no panel`);
});
