// A description of the machine a benchmark ran on, for RESULTS.md.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { envoyBin } from "../../test/support/harness/index.js";

export interface Machine {
  readonly cpuModel: string;
  readonly cpuCount: number;
  readonly memoryGiB: number;
  readonly node: string;
  readonly envoy: string;
  readonly kernel: string;
}

export function describeMachine(): Machine {
  const cpuinfo = safeRead("/proc/cpuinfo");
  const models = [...cpuinfo.matchAll(/^model name\s*:\s*(.+)$/gm)].map((m) => m[1]!.trim());
  return {
    cpuModel: models[0] ?? cpus()[0]?.model ?? "unknown",
    cpuCount: models.length || cpus().length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    envoy: envoyVersion(),
    kernel: safeRead("/proc/sys/kernel/osrelease").trim() || "unknown",
  };
}

/** "1.2 0.9 0.7": 1, 5 and 15 minute load averages. */
export const loadAverage = (): string => loadavg().map((x) => x.toFixed(1)).join(" ");

function envoyVersion(): string {
  try {
    const out = execFileSync(envoyBin(), ["--version"], { encoding: "utf8", timeout: 30_000 });
    return /version:\s*(\S+)/.exec(out)?.[1] ?? out.trim().split("\n").pop() ?? "unknown";
  } catch (err) {
    return `unknown (${(err as Error).message.split("\n")[0]})`;
  }
}

function safeRead(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
}
