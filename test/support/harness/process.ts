// Child processes that tests start: output capture and a kill that takes the whole tree down,
// including grandchildren (Envoy) even if the supervisor put them in their own process group.
import type { ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

const MAX_OUTPUT = 2 * 1024 * 1024;

/** Collects a child's stdout and stderr (the last 2 MiB of each). */
export class OutputLog {
  stdout = "";
  stderr = "";
  constructor(child: ChildProcess) {
    child.stdout?.setEncoding("utf8").on("data", (s: string) => (this.stdout = cap(this.stdout + s)));
    child.stderr?.setEncoding("utf8").on("data", (s: string) => (this.stderr = cap(this.stderr + s)));
  }
  text(): string {
    return `--- stdout ---\n${this.stdout}\n--- stderr ---\n${this.stderr}`;
  }
}

function cap(s: string): string {
  return s.length > MAX_OUTPUT ? s.slice(s.length - MAX_OUTPUT) : s;
}

/** A process identity that survives pid reuse: pid plus its start time. */
export interface ProcId {
  readonly pid: number;
  readonly start: string;
}

/** All descendants of `pid` (Linux /proc), parents before children. */
export function descendants(pid: number): ProcId[] {
  const stats = new Map<number, { ppid: number; start: string }>();
  for (const entry of safeReaddir("/proc")) {
    const p = Number(entry);
    if (!Number.isInteger(p)) continue;
    const st = readStat(p);
    if (st) stats.set(p, st);
  }
  const out: ProcId[] = [];
  const queue = [pid];
  while (queue.length > 0 && out.length < 10_000) {
    const cur = queue.shift()!;
    for (const [child, st] of stats) {
      if (st.ppid === cur) {
        out.push({ pid: child, start: st.start });
        queue.push(child);
      }
    }
  }
  return out;
}

function readStat(pid: number): { ppid: number; start: string } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // After the parenthesised command name: state(3) ppid(4) ... starttime(22).
    const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { ppid: Number(rest[1]), start: rest[19] ?? "" };
  } catch {
    return undefined;
  }
}

/** SIGKILL a process found earlier, unless its pid now belongs to another process. */
function killIfSame(p: ProcId): void {
  if (readStat(p.pid)?.start === p.start) signal(p.pid, "SIGKILL");
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    /* already gone */
  }
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

function waitExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (exited(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once("exit", () => (clearTimeout(timer), resolve(true)));
  });
}

/**
 * SIGTERM to the child's process group (the child was spawned detached, so it leads one),
 * up to `graceMs` for it to exit, then SIGKILL to the group and to any descendant left over.
 */
export async function killTree(child: ChildProcess, graceMs = 5000): Promise<void> {
  const pid = child.pid;
  if (pid === undefined) return;
  const tree = descendants(pid);
  signal(-pid, "SIGTERM");
  const clean = await waitExit(child, graceMs);
  signal(-pid, "SIGKILL");
  for (const d of tree) killIfSame(d);
  if (!clean) await waitExit(child, 2000);
}

const live = new Set<ChildProcess>();

/** Registers a child to be killed (group and tree) if the test process exits without stopping it. */
export function trackChild(child: ChildProcess): void {
  live.add(child);
  child.once("exit", () => live.delete(child));
}

process.once("exit", () => {
  for (const child of live) {
    if (child.pid === undefined) continue;
    const tree = descendants(child.pid);
    signal(-child.pid, "SIGKILL");
    for (const d of tree) killIfSame(d);
  }
});

/** Pids of the Envoy processes below `pid` (by executable name). */
export function envoyPids(pid: number): number[] {
  return descendants(pid)
    .map((p) => p.pid)
    .filter((p) => {
      try {
        return readFileSync(`/proc/${p}/comm`, "utf8").trim() === "envoy";
      } catch {
        return false;
      }
    });
}

/** Running and not a zombie. */
export function isAlive(pid: number): boolean {
  try {
    return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}
