// Steady-state memory: the in-process control plane (ControlPlane + XdsCache, as `attache run`
// holds them) with 10,000 Mappings loaded, after a hundred one-Mapping changes. Run with
// --expose-gc (the runner does) so RSS and heapUsed are measured after full collections.
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseBenchArgs } from "./lib/args.js";
import { emitChildRows, runChild } from "./lib/child.js";
import { loadControlPlane } from "./lib/loaded-control-plane.js";
import { latencyRows, mib, printRows, type Row } from "./lib/rows.js";
import { collectGarbage } from "./lib/rss.js";
import { profiled } from "./lib/profiler.js";

const SCRIPT = fileURLToPath(import.meta.url);

async function measure(n: number, changes: number, budgetMs: number, profile: string | undefined): Promise<Row[]> {
  const plane = loadControlPlane(n);
  const gcOk = collectGarbage();
  const loaded = process.memoryUsage();
  const times: number[] = [];
  const cpu: number[] = [];
  const until = Date.now() + budgetMs;
  // Heap after each quarter of the changes (forced GC): tells growth that levels off from a leak.
  const quarters: Row[] = [];
  await profiled(profile, () => {
    for (let k = 0; k < changes && Date.now() < until; k++) {
      times.push(plane.editMapping((k * 7919) % n, k + 1));
      cpu.push(plane.lastEditCpuMs());
      if ((k + 1) % Math.max(1, Math.floor(changes / 4)) === 0 && !profile && collectGarbage()) {
        quarters.push({ n, metric: `heap_used_after_${k + 1}`, value: mib(process.memoryUsage().heapUsed), unit: "MiB" });
      }
    }
  });
  collectGarbage();
  const after = process.memoryUsage();
  return [
    { n, metric: "rss_loaded", value: mib(loaded.rss), unit: "MiB" },
    { n, metric: "heap_used_loaded", value: mib(loaded.heapUsed), unit: "MiB" },
    { n, metric: "rss_after_changes", value: mib(after.rss), unit: "MiB" },
    { n, metric: "heap_used_after_changes", value: mib(after.heapUsed), unit: "MiB" },
    ...quarters,
    { n, metric: "external_after_changes", value: mib(after.external + after.arrayBuffers), unit: "MiB" },
    { n, metric: "changes", value: times.length, unit: "count" },
    { n, metric: "gc_forced", value: gcOk ? 1 : 0, unit: "bool" },
    ...latencyRows(n, "change", times),
    ...latencyRows(n, "change_cpu", cpu).filter((r) => !r.metric.endsWith("_samples")),
  ];
}

async function main(): Promise<void> {
  const args = parseBenchArgs();
  const changes = args.num("changes", 100);
  const budgetMs = args.num("budget-s", 600) * 1000;
  if (args.child !== undefined) {
    const dir = args.str("profile-dir");
    return emitChildRows(await measure(args.child, changes, budgetMs, dir && join(dir, `steady-changes-${args.child}.cpuprofile`)));
  }
  const rows: Row[] = [];
  for (const n of args.sizes([10000])) {
    rows.push(...(await runChild(SCRIPT, ["--child", String(n), "--changes", String(changes), "--budget-s", String(budgetMs / 1000)], { nodeArgs: ["--expose-gc"], timeoutMs: budgetMs + 900_000 })));
  }
  printRows("steady", rows, args.json, `steady: control-plane memory with n Mappings after up to ${changes} changes (${budgetMs / 1000} s budget; forced GC)`);
}

await main();
