// Makes sure no Envoy outlives attache. Three layers, strongest first:
//  1. On Linux the child is started through `setpriv --pdeathsig SIGKILL`, so the kernel kills
//     it even when node itself is SIGKILLed (see `orphanSafeCommand`).
//  2. On any normal node exit (including process.exit and uncaught exceptions), live children
//     are SIGKILLed from the `exit` hook, the last moment synchronous code can run.
//  3. On SIGINT/SIGTERM/SIGHUP with nobody else listening, node would die without running the
//     `exit` hook: children are killed, then the signal is re-raised with its default action.
//     When the application has its own handlers it owns shutdown (and ends in layer 2).
import type { ChildProcess } from "node:child_process";
import { accessSync, constants } from "node:fs";

const live = new Set<ChildProcess>();
const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
let installed = false;

export function guardChild(child: ChildProcess): void {
  installHooks();
  live.add(child);
  child.once("exit", () => live.delete(child));
}

export function releaseChild(child: ChildProcess): void {
  live.delete(child);
}

function killAll(): void {
  for (const child of live) {
    try {
      child.kill("SIGKILL");
    } catch {
      // already gone
    }
  }
  live.clear();
}

function installHooks(): void {
  if (installed) return;
  installed = true;
  process.on("exit", killAll);
  for (const sig of SIGNALS) {
    const onSignal = (): void => {
      if (process.listenerCount(sig) > 1) return;
      killAll();
      process.removeListener(sig, onSignal);
      process.kill(process.pid, sig);
    };
    process.on(sig, onSignal);
  }
}

const SETPRIV = "/usr/bin/setpriv";
let setprivUsable: boolean | undefined;

/**
 * The command and arguments that run `bin args` so that it dies with this process. `setpriv`
 * execs the target, so the pid seen by the caller is Envoy's own. The kernel signals the child
 * when the *thread* that spawned it ends: spawn from the main thread, not a worker thread.
 */
export function orphanSafeCommand(bin: string, args: readonly string[]): { command: string; args: string[] } {
  if (process.platform === "linux" && hasSetpriv()) {
    return { command: SETPRIV, args: ["--pdeathsig", "SIGKILL", "--", bin, ...args] };
  }
  return { command: bin, args: [...args] };
}

function hasSetpriv(): boolean {
  if (setprivUsable === undefined) {
    try {
      accessSync(SETPRIV, constants.X_OK);
      setprivUsable = true;
    } catch {
      setprivUsable = false;
    }
  }
  return setprivUsable;
}
