// Runs Envoy as a child process: forwards its output to the logger, restarts it with backoff
// when it dies unexpectedly, stops it cleanly on request, and never leaves it orphaned.
import { spawn, type ChildProcess } from "node:child_process";
import { EventEmitter } from "node:events";
import { accessSync, constants, statSync } from "node:fs";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import { silentLogger, type Logger } from "../util/logger.js";
import { DEFAULT_RESTART_POLICY, onChildDeath, type RestartPolicy } from "./restart-pacing.js";
import { envoyLineLevel } from "./envoy-log.js";
import { guardChild, orphanSafeCommand, releaseChild } from "./orphan-guard.js";

export interface SupervisorOptions {
  readonly envoyBin: string;
  readonly bootstrapPath: string;
  /** Seconds Envoy drains a listener's connections after an LDS update (`--drain-time-s`). */
  readonly drainTimeS?: number;
  /** Envoy's `--log-level` (trace, debug, info, warning, error, critical, off). */
  readonly logLevel?: string;
  /** Envoy worker threads (`--concurrency`); unset: Envoy's default, one per hardware thread. */
  readonly concurrency?: number;
  readonly extraArgs?: readonly string[];
  readonly logger?: Logger;
  /** Applied to each line of Envoy's output before it is logged (Envoy prints rejected config). */
  readonly redactLine?: (line: string) => string;
  readonly backoff?: RestartPolicy;
  /** How long `stop()` waits after SIGTERM before SIGKILL. */
  readonly stopGraceMs?: number;
  /**
   * Have the kernel kill Envoy if this process dies abruptly, e.g. on SIGKILL (Linux, through
   * `setpriv`; default true). The exit and signal hooks apply either way.
   */
  readonly killOnParentDeath?: boolean;
}

export interface SupervisorEvents {
  started: [pid: number];
  exited: [code: number | null, signal: NodeJS.Signals | null];
  restarting: [delayMs: number];
}

type State = "idle" | "running" | "waiting" | "stopping" | "stopped";

export class EnvoySupervisor extends EventEmitter<SupervisorEvents> {
  private readonly log: Logger;
  private readonly backoff: RestartPolicy;
  private state: State = "idle";
  private child: ChildProcess | undefined;
  private startedAt = 0;
  private failures = 0;
  private restartTimer: NodeJS.Timeout | undefined;
  private stopped: Promise<void> | undefined;
  /** Envoy's last lines of output, to tell why it died. */
  private readonly recent: string[] = [];

  constructor(private readonly opts: SupervisorOptions) {
    super();
    this.log = opts.logger ?? silentLogger;
    this.backoff = opts.backoff ?? DEFAULT_RESTART_POLICY;
  }

  /** The running Envoy's pid, if one is running. */
  get pid(): number | undefined {
    const c = this.child;
    return c && c.exitCode === null && c.signalCode === null ? c.pid : undefined;
  }

  /** Envoy's last lines of output (at most 50), oldest first, redacted as logged. */
  recentOutput(): readonly string[] {
    return this.recent;
  }

  /** The Envoy command line (without the orphan-protection wrapper). */
  envoyArgs(): string[] {
    const o = this.opts;
    return [
      "-c", o.bootstrapPath,
      "--disable-hot-restart",
      "--drain-time-s", String(o.drainTimeS ?? 5),
      "--log-level", o.logLevel ?? "info",
      ...(o.concurrency !== undefined ? ["--concurrency", String(o.concurrency)] : []),
      ...(o.extraArgs ?? []),
    ];
  }

  /**
   * Starts Envoy; resolves with its pid once spawned. If that first spawn fails it rejects and
   * the supervisor stays idle (no restart loop behind the caller's back).
   */
  start(): Promise<number> {
    if (this.state !== "idle") return Promise.reject(new Error(`supervisor cannot start from state ${this.state}`));
    // Checked here because the orphan-protection wrapper would turn a missing binary into a
    // crash loop instead of a clear error.
    if (!isExecutableFile(this.opts.envoyBin)) return Promise.reject(new Error(`envoy binary ${this.opts.envoyBin} is not an executable file`));
    return this.spawnEnvoy(true);
  }

  /** SIGTERM, then SIGKILL after the grace period; resolves when Envoy is gone. Idempotent. */
  stop(): Promise<void> {
    this.stopped ??= this.doStop();
    return this.stopped;
  }

  private async doStop(): Promise<void> {
    clearTimeout(this.restartTimer);
    const child = this.state === "running" ? this.child : undefined;
    this.state = "stopping";
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.kill("SIGTERM");
      const grace = setTimeout(() => {
        this.log.warn("envoy did not exit after SIGTERM; killing it", { pid: child.pid });
        child.kill("SIGKILL");
      }, this.opts.stopGraceMs ?? 10_000);
      await exited;
      clearTimeout(grace);
    }
    this.state = "stopped";
  }

  private spawnEnvoy(first: boolean): Promise<number> {
    const { command, args } = this.opts.killOnParentDeath === false
      ? { command: this.opts.envoyBin, args: this.envoyArgs() }
      : orphanSafeCommand(this.opts.envoyBin, this.envoyArgs());
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
    this.child = child;
    this.state = "running";
    guardChild(child);
    this.forwardOutput(child.stdout);
    this.forwardOutput(child.stderr);
    return new Promise<number>((resolve, reject) => {
      child.once("spawn", () => {
        this.startedAt = Date.now();
        const pid = child.pid ?? -1;
        this.log.info("envoy started", { pid, bin: this.opts.envoyBin });
        this.emit("started", pid);
        resolve(pid);
      });
      child.on("error", (err) => {
        // Only spawn failures matter here: kill() errors surface as a later exit or none needed.
        if (child.pid !== undefined) return;
        this.log.error("could not start envoy", { bin: this.opts.envoyBin, error: err });
        releaseChild(child);
        if (first && this.state === "running") this.state = "idle";
        else if (this.state === "running") this.onDeath(null, null);
        reject(err);
      });
      child.once("exit", (code, signal) => this.onDeath(code, signal));
    });
  }

  private onDeath(code: number | null, signal: NodeJS.Signals | null): void {
    const expected = this.state === "stopping" || this.state === "stopped";
    if (!expected && this.state !== "running") return;
    this.log[expected ? "info" : "error"]("envoy exited", { pid: this.child?.pid, code, signal });
    this.emit("exited", code, signal);
    if (expected) return;
    const uptime = this.startedAt ? Date.now() - this.startedAt : 0;
    const next = onChildDeath(this.backoff, this.failures, uptime);
    this.failures = next.failures;
    this.state = "waiting";
    this.startedAt = 0;
    this.log.warn("restarting envoy", { delayMs: next.delayMs, failures: next.failures });
    this.emit("restarting", next.delayMs);
    this.restartTimer = setTimeout(() => {
      if (this.state !== "waiting") return;
      this.spawnEnvoy(false).catch(() => {
        // already logged; onDeath scheduled the next attempt
      });
    }, next.delayMs);
  }

  private forwardOutput(stream: Readable | null): void {
    if (!stream) return;
    const lines = createInterface({ input: stream, crlfDelay: Infinity });
    lines.on("line", (line) => {
      if (!line.trim()) return;
      const shown = this.opts.redactLine ? this.opts.redactLine(line) : line;
      this.recent.push(shown);
      if (this.recent.length > 50) this.recent.shift();
      this.log[envoyLineLevel(line)](`envoy: ${shown}`);
    });
  }
}

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
