// Translation benchmark: time per pipeline stage and peak memory at 100 / 1,000 / 10,000
// Mappings. Each size runs in a fresh process so peak RSS belongs to that size alone.
// Prints a table; `--json` prints one {"bench","n","metric","value","unit"} object per line.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { parseManifestText } from "../src/sources/manifest-parser.js";
import { buildResourceSet } from "../src/resources/index.js";
import { buildIR } from "../src/ir/build.js";
import { generateEnvoyConfig } from "../src/envoy/generate.js";
import { ResourceEncoder } from "../src/envoy/encode.js";
import { buildSnapshot } from "../src/xds/snapshot.js";
import { syntheticManifests } from "./manifests.js";

interface Row { n: number; metric: string; value: number; unit: string }

function measure(n: number): Row[] {
  const text = syntheticManifests(n);
  let peak = process.memoryUsage().rss;
  const sample = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 5);
  const rows: Row[] = [];
  const time = <T>(metric: string, fn: () => T): T => {
    const t0 = performance.now();
    const out = fn();
    rows.push({ n, metric, value: round(performance.now() - t0), unit: "ms" });
    peak = Math.max(peak, process.memoryUsage().rss);
    return out;
  };
  const t0 = performance.now();
  const parsed = time("parse", () => parseManifestText("bench.yaml", text));
  const resources = time("resources", () => buildResourceSet(parsed.documents, { ambassadorId: "default", defaultNamespace: "default" }));
  const ir = time("ir", () => buildIR(resources));
  const config = time("generate", () => generateEnvoyConfig(ir));
  time("encode", () => buildSnapshot(1, config, new ResourceEncoder()));
  rows.push({ n, metric: "total", value: round(performance.now() - t0), unit: "ms" });
  clearInterval(sample);
  rows.push({ n, metric: "peak_rss", value: round(peak / 2 ** 20), unit: "MiB" });
  if (resources.diagnostics.some((d) => d.severity === "error")) throw new Error("benchmark input has errors");
  return rows;
}

const round = (x: number) => Math.round(x * 10) / 10;

function main(): void {
  const args = process.argv.slice(2);
  const child = args.indexOf("--child");
  if (child >= 0) {
    process.stdout.write(JSON.stringify(measure(Number(args[child + 1]))) + "\n");
    return;
  }
  const json = args.includes("--json");
  const sizes = [100, 1000, 10000];
  const all: Row[] = [];
  for (const n of sizes) {
    const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), "--child", String(n)], { encoding: "utf8", maxBuffer: 64 * 2 ** 20 });
    all.push(...(JSON.parse(out) as Row[]));
  }
  if (json) {
    for (const r of all) process.stdout.write(JSON.stringify({ bench: "translate", ...r }) + "\n");
    return;
  }
  const metrics = [...new Set(all.map((r) => r.metric))];
  process.stdout.write(`translate (cold), ${process.version}\n`);
  process.stdout.write(["mappings", ...metrics].map((h) => h.padStart(10)).join(" ") + "\n");
  for (const n of sizes) {
    const cells = metrics.map((m) => { const r = all.find((x) => x.n === n && x.metric === m); return r ? `${r.value}${r.unit === "MiB" ? "M" : ""}` : "-"; });
    process.stdout.write([String(n), ...cells].map((c) => c.padStart(10)).join(" ") + "\n");
  }
}

main();
