// One-shot CLI runs (`attache validate`, `attache translate`) with a deadline.
import { spawn } from "node:child_process";
import { ATTACHE_BIN, envoyBin } from "./repo.js";
import { killTree, OutputLog, trackChild } from "./process.js";

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runAttacheCli(args: readonly string[], timeoutMs = 30_000): Promise<CliResult> {
  const child = spawn(process.execPath, [ATTACHE_BIN, ...args], {
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ENVOY_BIN: envoyBin() },
  });
  trackChild(child);
  const log = new OutputLog(child);
  const timer = setTimeout(() => void killTree(child, 0), timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.once("close", (c) => resolve(c)));
  clearTimeout(timer);
  if (child.signalCode === "SIGKILL" || child.signalCode === "SIGTERM") {
    throw new Error(`attache ${args.join(" ")} did not finish within ${timeoutMs} ms\n${log.text()}`);
  }
  return { code, stdout: log.stdout, stderr: log.stderr };
}
