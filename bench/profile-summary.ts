// Summarises a .cpuprofile (from `node --cpu-prof` or bench/lib/profiler): the functions with
// the most self time, and self time per source file. Usage:
//   node dist/bench/profile-summary.js FILE.cpuprofile [--top 15]
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples?: readonly number[];
  readonly timeDeltas?: readonly number[];
  readonly startTime: number;
  readonly endTime: number;
}

export interface SelfTime {
  readonly name: string;
  readonly ms: number;
  readonly share: number;
}

export interface ProfileSummary {
  readonly totalMs: number;
  readonly functions: readonly SelfTime[];
  readonly files: readonly SelfTime[];
}

export function summarizeProfile(profile: CpuProfile, top = 15): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  // A sample's delta is the time since the previous sample: charge it to the sampled node.
  for (let i = 0; i < samples.length; i++) selfUs.set(samples[i]!, (selfUs.get(samples[i]!) ?? 0) + Math.max(0, deltas[i] ?? 0));
  const totalUs = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const fns = new Map<string, number>();
  const files = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)?.callFrame;
    if (!frame) continue;
    const file = shortUrl(frame.url);
    const fn = `${frame.functionName || "(anonymous)"} ${file}${frame.url ? `:${frame.lineNumber + 1}` : ""}`;
    fns.set(fn, (fns.get(fn) ?? 0) + us);
    files.set(file || frame.functionName, (files.get(file || frame.functionName) ?? 0) + us);
  }
  const ranked = (m: Map<string, number>) =>
    [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, top).map(([name, us]) => ({ name, ms: Math.round(us / 100) / 10, share: totalUs ? Math.round((us / totalUs) * 1000) / 10 : 0 }));
  return { totalMs: Math.round(totalUs / 1000), functions: ranked(fns), files: ranked(files) };
}

/** Repository-relative paths for our code, package names for dependencies. */
function shortUrl(url: string): string {
  if (!url) return "";
  const path = url.startsWith("file://") ? fileURLToPath(url) : url;
  const nm = path.lastIndexOf("node_modules/");
  if (nm >= 0) return path.slice(nm + "node_modules/".length);
  const dist = path.indexOf("/dist/");
  return dist >= 0 ? path.slice(dist + "/dist/".length) : path;
}

export function readProfile(file: string): CpuProfile {
  return JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
}

/** Markdown: the top self-time functions and files. */
export function formatSummary(s: ProfileSummary): string {
  const table = (title: string, rows: readonly SelfTime[]) =>
    [`| ${title} | self ms | share |`, "|---|---:|---:|", ...rows.map((r) => `| \`${r.name.replace(/\|/g, "\\|")}\` | ${r.ms} | ${r.share}% |`)].join("\n");
  return [`Sampled ${s.totalMs} ms.`, "", table("function (self time)", s.functions), "", table("file (self time)", s.files.slice(0, 10))].join("\n");
}

function main(): void {
  const args = process.argv.slice(2);
  const file = args.find((a) => !a.startsWith("--"));
  if (!file) throw new Error("usage: profile-summary FILE.cpuprofile [--top N]");
  const topAt = args.indexOf("--top");
  const top = topAt >= 0 ? Number(args[topAt + 1]) : 15;
  process.stdout.write(formatSummary(summarizeProfile(readProfile(file), top)) + "\n");
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
