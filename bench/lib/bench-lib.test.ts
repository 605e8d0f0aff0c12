// Tests of the benchmark plumbing whose mistakes would silently misreport figures:
// quantiles, target verdicts and profile self-time accounting.
// Run: node --test dist/bench/lib/bench-lib.test.js
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { latencyRows, quantile, type BenchRow } from "./rows.js";
import { judge } from "./targets.js";
import { summarizeProfile } from "../profile-summary.js";

describe("quantile", () => {
  it("takes the nearest rank, not an interpolation, and NaN when empty", () => {
    const xs = Array.from({ length: 100 }, (_, i) => 100 - i); // 100..1, unsorted
    assert.equal(quantile(xs, 0.5), 50);
    assert.equal(quantile(xs, 0.99), 99);
    assert.equal(quantile(xs, 1), 100);
    assert.equal(quantile([7], 0.99), 7);
    assert.ok(Number.isNaN(quantile([], 0.5)));
  });
  it("latencyRows names p50/p99/max and the sample count", () => {
    const rows = latencyRows(10, "x", [3, 1, 2]);
    assert.deepEqual(rows.map((r) => [r.metric, r.value]), [["x_p50", 2], ["x_p99", 3], ["x_max", 3], ["x_samples", 3]]);
  });
});

describe("judge", () => {
  const row = (bench: string, n: number, metric: string, value: number): BenchRow => ({ bench, n, metric, value, unit: "" });
  it("meets at the limit, misses above it with the excess and the ratio", () => {
    const verdicts = judge([row("translate", 10000, "total", 500), row("translate", 10000, "change_p50", 90)]);
    const cold = verdicts.find((v) => v.target.measure.startsWith("cold translate, 10,000 Mappings, all"))!;
    assert.equal(cold.met, true);
    const change = verdicts.find((v) => v.target.measure.startsWith("one-Mapping change"))!;
    assert.equal(change.met, false);
    assert.match(change.by, /missed by 60 ms \(3\.0× the target\)/);
  });
  it("churn counts connection errors and non-200s together; unmeasured targets have no verdict", () => {
    const verdicts = judge([row("churn", 3000, "failed_connection_errors", 0), row("churn", 3000, "failed_non_200", 2)]);
    const churn = verdicts.find((v) => v.target.measure.startsWith("churn"))!;
    assert.equal(churn.value, 2);
    assert.equal(churn.met, false);
    assert.equal(verdicts.find((v) => v.target.measure.startsWith("fanout"))!.met, undefined);
  });
});

describe("summarizeProfile", () => {
  it("charges each sample's time delta to the sampled function and ranks by self time", () => {
    const frame = (functionName: string, url: string) => ({ functionName, url, lineNumber: 9 });
    const profile = {
      startTime: 0,
      endTime: 10_000,
      nodes: [
        { id: 1, callFrame: frame("(root)", "") },
        { id: 2, callFrame: frame("slow", "file:///x/dist/src/a.js") },
        { id: 3, callFrame: frame("fast", "file:///x/node_modules/pkg/b.js") },
      ],
      samples: [2, 2, 3, 2],
      timeDeltas: [1000, 3000, 2000, 4000],
    };
    const s = summarizeProfile(profile);
    assert.equal(s.totalMs, 10);
    assert.deepEqual(s.functions.map((f) => [f.name, f.ms, f.share]), [["slow src/a.js:10", 8, 80], ["fast pkg/b.js:10", 2, 20]]);
    assert.deepEqual(s.files.map((f) => f.name), ["src/a.js", "pkg/b.js"]);
  });
});
