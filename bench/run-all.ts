// Runs every benchmark with --json, keeps the rows in bench/results.json and rewrites
// bench/RESULTS.md (machine, targets met or missed, tables, and CPU profiles of the slow cases).
//   node dist/bench/run-all.js [--only translate,churn] [--no-profile] [--render-only]
// With --only, the other benchmarks keep their previous results from bench/results.json;
// --render-only runs nothing and rewrites RESULTS.md from results.json (e.g. after editing
// bench/ANALYSIS.md).
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describeCode } from "./lib/code-version.js";
import { describeMachine, loadAverage } from "./lib/machine.js";
import { renderResults, type BenchRun, type ProfileSection } from "./lib/results-md.js";
import type { BenchRow } from "./lib/rows.js";
import { judge, type ProfileKind } from "./lib/targets.js";
import { formatSummary, readProfile, summarizeProfile } from "./profile-summary.js";

const DIST_BENCH = fileURLToPath(new URL(".", import.meta.url));
const SRC_BENCH = join(DIST_BENCH, "..", "..", "bench");
const RESULTS_JSON = join(SRC_BENCH, "results.json");
const RESULTS_MD = join(SRC_BENCH, "RESULTS.md");
const ANALYSIS_MD = join(SRC_BENCH, "ANALYSIS.md");

/** Each benchmark with the arguments of a full run; the order puts the quick ones first. */
const BENCHES: ReadonlyArray<{ name: string; args: string[]; timeoutMs: number }> = [
  { name: "translate", args: [], timeoutMs: 1_800_000 },
  { name: "steady", args: [], timeoutMs: 1_800_000 },
  { name: "fanout", args: [], timeoutMs: 1_800_000 },
  { name: "propagation", args: ["--xds-modes", "default,sotw"], timeoutMs: 3_600_000 },
  { name: "churn", args: [], timeoutMs: 3_600_000 },
];

/** How to reproduce each profiled case: one child run of a bench with --profile-dir. */
const PROFILE_RUNS: Record<ProfileKind, { bench: string; node: string[]; args: string[]; file: string; title: string }> = {
  "translate-cold": { bench: "translate", node: [], args: ["--child", "10000", "--changes", "20"], file: "translate-cold-10000", title: "cold translate at 10,000 Mappings (all stages)" },
  "translate-change": { bench: "translate", node: [], args: ["--child", "10000", "--changes", "20"], file: "translate-change-10000", title: "20 one-Mapping changes at 10,000 Mappings (ControlPlane.apply; also the translation part of propagation)" },
  "fanout-changes": { bench: "fanout", node: ["--expose-gc"], args: ["--child", "10000", "--clients", "100", "--changes", "5"], file: "fanout-changes-10000", title: "control plane while 100 clients take 5 changes at 10,000 routes" },
  "steady-changes": { bench: "steady", node: ["--expose-gc"], args: ["--child", "10000", "--changes", "100"], file: "steady-changes-10000", title: "100 changes at 10,000 Mappings" },
};

function run(args: readonly string[], timeoutMs: number): Promise<{ stdout: string; error?: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [...args], { encoding: "utf8", timeout: timeoutMs, maxBuffer: 256 * 2 ** 20 }, (err, stdout, stderr) => {
      if (stderr) process.stderr.write(stderr.split("\n").filter((l) => !/TLS termination is not supported yet/.test(l)).join("\n"));
      resolve(err ? { stdout, error: `${err.message}\n${stderr.slice(-2000)}` } : { stdout });
    });
  });
}

async function runBench(name: string, args: string[], timeoutMs: number): Promise<BenchRun> {
  const startedAt = new Date().toISOString();
  const loadBefore = loadAverage();
  const t0 = Date.now();
  process.stderr.write(`bench:all: ${name} ${args.join(" ")} (started ${startedAt}, load ${loadBefore})\n`);
  const out = await run([join(DIST_BENCH, `${name}.bench.js`), "--json", ...args], timeoutMs);
  const rows = out.stdout.split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as BenchRow);
  const seconds = Math.round((Date.now() - t0) / 1000);
  return { bench: name, args: ["--json", ...args], code: describeCode(join(SRC_BENCH, "..")), startedAt, seconds, loadBefore, loadAfter: loadAverage(), rows, ...(out.error ? { error: out.error } : {}) };
}

async function profileMisses(rows: readonly BenchRow[]): Promise<ProfileSection[]> {
  const kinds = [...new Set(judge(rows).filter((v) => v.met === false).flatMap((v) => v.target.profiles))];
  const dir = mkdtempSync(join(tmpdir(), "attache-bench-prof-"));
  const sections: ProfileSection[] = [];
  try {
    const done = new Set<string>();
    for (const kind of kinds) {
      const p = PROFILE_RUNS[kind];
      const key = `${p.bench} ${p.args.join(" ")}`;
      if (!done.has(key)) {
        done.add(key);
        process.stderr.write(`bench:all: profiling ${key}\n`);
        const out = await run([...p.node, join(DIST_BENCH, `${p.bench}.bench.js`), ...p.args, "--profile-dir", dir], 1_800_000);
        if (out.error) sections.push({ title: p.title, markdown: `Profile run failed: ${out.error.slice(0, 500)}` });
      }
      const file = join(dir, `${p.file}.cpuprofile`);
      if (existsSync(file)) sections.push({ title: p.title, markdown: `\`node ${p.node.join(" ")} dist/bench/${p.bench}.bench.js ${p.args.join(" ")} --profile-dir DIR\` (profiled run, so slower than the measured one)\n\n${formatSummary(summarizeProfile(readProfile(file), 15))}` });
    }
    process.stderr.write(`bench:all: profiles: ${readdirSync(dir).join(", ")}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return sections;
}

interface Stored {
  readonly runs: BenchRun[];
  readonly profiles: ProfileSection[];
}

function stored(): Stored {
  try {
    const raw = JSON.parse(readFileSync(RESULTS_JSON, "utf8")) as Stored | BenchRun[];
    return Array.isArray(raw) ? { runs: raw, profiles: [] } : raw;
  } catch {
    return { runs: [], profiles: [] };
  }
}

function store(s: Stored): void {
  writeFileSync(RESULTS_JSON, JSON.stringify(s, null, 1) + "\n");
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const onlyAt = argv.indexOf("--only");
  const only = onlyAt >= 0 ? new Set((argv[onlyAt + 1] ?? "").split(",")) : undefined;
  const unknown = only ? [...only].filter((b) => !BENCHES.some((x) => x.name === b)) : [];
  if (unknown.length) throw new Error(`unknown benchmark(s): ${unknown.join(", ")}`);
  const machine = describeMachine();
  const code = describeCode(join(SRC_BENCH, ".."));
  const before = stored();
  const renderOnly = argv.includes("--render-only");
  const kept = new Map(before.runs.map((r) => [r.bench, r]));
  const inOrder = () => BENCHES.map((x) => kept.get(x.name)).filter((r): r is BenchRun => r !== undefined);
  for (const b of BENCHES) {
    if (renderOnly || (only && !only.has(b.name))) continue;
    kept.set(b.name, await runBench(b.name, b.args, b.timeoutMs));
    store({ runs: inOrder(), profiles: before.profiles });
  }
  const runs = inOrder();
  const rows = runs.flatMap((r) => r.rows);
  const profiles = renderOnly || argv.includes("--no-profile") ? before.profiles : await profileMisses(rows);
  store({ runs, profiles });
  const analysis = existsSync(ANALYSIS_MD) ? readFileSync(ANALYSIS_MD, "utf8") : "(bench/ANALYSIS.md is missing.)";
  writeFileSync(RESULTS_MD, renderResults({ machine, code, generatedAt: new Date().toISOString(), runs, profiles, analysis }));
  process.stdout.write(`bench:all: wrote ${RESULTS_MD}\n`);
  if (runs.some((r) => r.error)) process.exitCode = 1;
}

await main();
