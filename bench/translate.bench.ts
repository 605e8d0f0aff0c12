// Translation benchmark at 100 / 1,000 / 10,000 Mappings, each size in a fresh process:
// - cold: time per pipeline stage (parse, resources, IR, generate, encode) and peak RSS;
// - change: one Mapping edited after a cold load, through the running control plane's path
//   (ControlPlane.apply into an XdsCache), timed until the new snapshot is published.
// Prints a table; `--json` prints one {"bench","n","metric","value","unit"} object per line.
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseManifestText } from "../src/sources/directory/manifest-parser.js";
import { buildResourceSet } from "../src/resources/index.js";
import { buildIR } from "../src/ir/build.js";
import { generateEnvoyConfig } from "../src/envoy/generate.js";
import { ResourceEncoder } from "../src/envoy/encode.js";
import { buildSnapshot } from "../src/xds/snapshot.js";
import { syntheticManifests } from "./manifests.js";
import { parseBenchArgs } from "./lib/args.js";
import { emitChildRows, runChild } from "./lib/child.js";
import { loadControlPlane } from "./lib/loaded-control-plane.js";
import { latencyRows, mib, printRows, round1, type Row } from "./lib/rows.js";
import { PeakRss } from "./lib/rss.js";
import { profiled } from "./lib/profiler.js";

const WARMUP_CHANGES = 2;

/**
 * The same pipeline again in the now warm process, on Mappings renamed so that no per-document
 * result can be reused: what the per-Mapping work costs without one-time start-up (schema
 * compilation, JIT warm-up). Not the target's figure, but it tells the two apart.
 */
function measureWarm(n: number): Row {
  const text = syntheticManifests(n).replaceAll("name: route-", "name: again-").replaceAll("/r", "/again");
  const t0 = performance.now();
  const parsed = parseManifestText("bench-again.yaml", text);
  const ir = buildIR(buildResourceSet(parsed.documents, { ambassadorId: "default", defaultNamespace: "default" }));
  buildSnapshot(1, generateEnvoyConfig(ir), new ResourceEncoder());
  return { n, metric: "warm_process_total", value: round1(performance.now() - t0), unit: "ms" };
}

function measureCold(n: number): Row[] {
  const text = syntheticManifests(n);
  const peak = new PeakRss();
  const rows: Row[] = [];
  const time = <T>(metric: string, fn: () => T): T => {
    const t0 = performance.now();
    const out = fn();
    rows.push({ n, metric, value: round1(performance.now() - t0), unit: "ms" });
    peak.sample();
    return out;
  };
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const parsed = time("parse", () => parseManifestText("bench.yaml", text));
  const resources = time("resources", () => buildResourceSet(parsed.documents, { ambassadorId: "default", defaultNamespace: "default" }));
  const ir = time("ir", () => buildIR(resources));
  const config = time("generate", () => generateEnvoyConfig(ir));
  time("encode", () => buildSnapshot(1, config, new ResourceEncoder()));
  rows.push({ n, metric: "total", value: round1(performance.now() - t0), unit: "ms" });
  const cpu = process.cpuUsage(cpu0);
  // CPU time of all the process's threads (GC helpers included): tells a busy machine's waiting from work.
  rows.push({ n, metric: "total_cpu", value: round1((cpu.user + cpu.system) / 1000), unit: "ms" });
  rows.push({ n, metric: "peak_rss", value: mib(peak.stop()), unit: "MiB" });
  if (resources.diagnostics.some((d) => d.severity === "error")) throw new Error("benchmark input has errors");
  return rows;
}

/** Edits spread over the Mappings (a stride prime to n), each a new variant so every edit changes a route. */
async function measureChange(n: number, changes: number, profile: string | undefined): Promise<Row[]> {
  const plane = loadControlPlane(n);
  const times: number[] = [];
  const cpu: number[] = [];
  for (let k = 0; k < WARMUP_CHANGES; k++) plane.editMapping((k * 7919) % n, k + 1);
  await profiled(profile, () => {
    for (let k = WARMUP_CHANGES; k < WARMUP_CHANGES + changes; k++) {
      times.push(plane.editMapping((k * 7919) % n, k + 1));
      cpu.push(plane.lastEditCpuMs());
    }
  });
  return [
    { n, metric: "cold_apply", value: round1(plane.coldMs), unit: "ms" },
    ...latencyRows(n, "change", times),
    ...latencyRows(n, "change_cpu", cpu).filter((r) => !r.metric.endsWith("_samples")),
  ];
}

async function main(): Promise<void> {
  const args = parseBenchArgs();
  const changes = args.num("changes", 20);
  if (args.child !== undefined) {
    // --profile-dir D: CPU profiles of the cold stages and of the changes, each on its own.
    const dir = args.str("profile-dir");
    const n = args.child;
    const cold = await profiled(dir && join(dir, `translate-cold-${n}.cpuprofile`), () => measureCold(n));
    const warm = measureWarm(n);
    return emitChildRows([...cold, warm, ...(await measureChange(n, changes, dir && join(dir, `translate-change-${n}.cpuprofile`)))]);
  }
  const rows: Row[] = [];
  for (const n of args.sizes([100, 1000, 10000])) {
    rows.push(...(await runChild(fileURLToPath(import.meta.url), ["--child", String(n), "--changes", String(changes)], { timeoutMs: 600_000 })));
  }
  printRows("translate", rows, args.json, `translate: cold stages and one-Mapping change (${changes} changes after ${WARMUP_CHANGES} warm-up), ${process.version}`);
}

await main();
