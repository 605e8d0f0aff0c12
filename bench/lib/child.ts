// Runs one size of a benchmark in a fresh Node process, so its memory figures belong to that
// size alone; the child prints its rows as one JSON array on the last line of stdout.
import { spawn } from "node:child_process";
import type { Row } from "./rows.js";

export interface ChildOptions {
  /** Extra node flags, e.g. --expose-gc or --cpu-prof. */
  readonly nodeArgs?: readonly string[];
  readonly timeoutMs: number;
}

export function runChild(script: string, args: readonly string[], opts: ChildOptions): Promise<Row[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), script, ...args], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (s: string) => (out += s));
    const timer = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const last = out.trim().split("\n").pop() ?? "";
      if (code !== 0) return reject(new Error(`${script} ${args.join(" ")} exited ${code ?? signal}${signal === "SIGKILL" ? ` (over ${opts.timeoutMs} ms)` : ""}`));
      try {
        resolve(JSON.parse(last) as Row[]);
      } catch {
        reject(new Error(`${script} ${args.join(" ")} printed no rows: ${last.slice(0, 300)}`));
      }
    });
  });
}

/** The child side: prints the rows where `runChild` looks for them. */
export function emitChildRows(rows: readonly Row[]): void {
  process.stdout.write(JSON.stringify(rows) + "\n");
}
