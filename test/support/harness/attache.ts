// Runs `bin/attache run` (control plane + supervised real Envoy) for an e2e test:
// free ports, a temp config dir, output capture, readiness wait and a stop that kills the tree.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, renameSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { adminRequest } from "../../../src/proxy/envoy-admin.js";
import { request } from "./http.js";
import { freePorts, withFreePortRetry } from "./ports.js";
import { killTree, OutputLog, trackChild } from "./process.js";
import { ATTACHE_BIN, envoyBin } from "./repo.js";
import { sleep } from "./wait.js";

export interface AttachePorts {
  readonly listener: number;
  readonly ads: number;
  readonly admin: number;
  readonly health: number;
  readonly ready: number;
}

export interface StartAttacheOptions {
  /** Use this directory as is (not deleted on stop); default a fresh temp dir. */
  readonly configDir?: string;
  /** File name -> YAML, written into the config dir before start. */
  readonly manifests?: Readonly<Record<string, string>>;
  readonly ports?: Partial<AttachePorts>;
  readonly extraArgs?: readonly string[];
  readonly readyTimeoutMs?: number;
  /** Read the Kubernetes API (`--kubernetes`) instead of a config dir (then not passed). */
  readonly kubernetes?: { readonly kubeconfig: string; readonly namespaces?: readonly string[] };
  /**
   * Leave out `--ads-port` and `--admin-port`: attache's defaults, Unix sockets in the work
   * dir; `admin()` then goes through the socket.
   */
  readonly unixSockets?: boolean;
  /** The command to run instead of `node bin/attache` (harness self-tests only). */
  readonly command?: readonly string[];
}

export interface Attache {
  readonly ports: AttachePorts;
  readonly configDir: string;
  readonly workDir: string;
  readonly process: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Both streams, labelled: for failure messages. */
  output(): string;
  /**
   * Writes a manifest atomically (temp file + rename) so the watcher never sees half a file;
   * `inPlace` truncates and rewrites the file instead, as many editors and `cp` do.
   */
  writeManifest(file: string, yaml: string, opts?: { inPlace?: boolean }): void;
  removeManifest(file: string): void;
  /** GET /ambassador/v0/diag/?json=true, parsed. */
  diag(): Promise<any>;
  /** GET a path on Envoy's admin port, body as text. */
  admin(path: string): Promise<string>;
  stop(): Promise<void>;
}

const PORT_NAMES = ["listener", "ads", "admin", "health", "ready"] as const;

/** Starts attache and resolves once check_ready answers 200. On failure the error carries its output. */
export function startAttache(opts: StartAttacheOptions = {}): Promise<Attache> {
  return withFreePortRetry(() => startOnce(opts), 3);
}

async function startOnce(opts: StartAttacheOptions): Promise<Attache> {
  const ownConfigDir = opts.configDir === undefined;
  const configDir = opts.configDir ?? mkdtempSync(join(tmpdir(), "attache-e2e-config-"));
  const workDir = mkdtempSync(join(tmpdir(), "attache-e2e-work-"));
  for (const [file, yaml] of Object.entries(opts.manifests ?? {})) writeAtomic(join(configDir, file), yaml);
  const ports = await pickPorts(opts.ports ?? {});
  const args = [
    "run",
    ...sourceArgs(opts, configDir),
    "--listener-port", String(ports.listener),
    // Tests bind loopback only.
    "--listener-address", "127.0.0.1",
    ...(opts.unixSockets ? [] : ["--ads-port", String(ports.ads), "--admin-port", String(ports.admin)]),
    "--health-port", String(ports.health),
    "--ready-port", String(ports.ready),
    "--work-dir", workDir,
    "--log-level", "info",
    "--drain-time-s", "1",
    ...(opts.extraArgs ?? []),
  ];
  const [cmd, ...cmdArgs] = opts.command ?? [process.execPath, ATTACHE_BIN];
  const child = spawn(cmd!, [...cmdArgs, ...args], {
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ENVOY_BIN: opts.command ? process.env.ENVOY_BIN ?? "" : envoyBin() },
  });
  trackChild(child);
  const log = new OutputLog(child);
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await killTree(child);
    rmSync(workDir, { recursive: true, force: true });
    if (ownConfigDir) rmSync(configDir, { recursive: true, force: true });
  };
  const healthGet = (path: string) => request(ports.health, path, { timeoutMs: 5000 });
  try {
    await waitReady(child, log, ports.health, opts.readyTimeoutMs ?? 30_000);
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    ports,
    configDir,
    workDir,
    process: child,
    stdout: () => log.stdout,
    stderr: () => log.stderr,
    output: () => log.text(),
    writeManifest: (file, yaml, o) => (o?.inPlace ? writeInPlace(join(configDir, file), yaml) : writeAtomic(join(configDir, file), yaml)),
    removeManifest: (file) => unlinkSync(join(configDir, file)),
    diag: async () => {
      const res = await healthGet("/ambassador/v0/diag/?json=true");
      if (res.status !== 200 || res.json === undefined) throw new Error(`diag answered ${res.status}: ${res.body.slice(0, 500)}`);
      return res.json;
    },
    admin: async (path) => opts.unixSockets
      ? (await adminRequest({ socketPath: join(workDir, "admin.sock") }, "GET", path)).body
      : (await request(ports.admin, path, { timeoutMs: 5000 })).body,
    stop,
  };
}

function sourceArgs(opts: StartAttacheOptions, configDir: string): string[] {
  const k = opts.kubernetes;
  if (!k) return ["--config-dir", configDir];
  return ["--kubernetes", "--kubeconfig", k.kubeconfig, ...(k.namespaces?.length ? ["--namespace", k.namespaces.join(",")] : [])];
}

async function pickPorts(given: Partial<AttachePorts>): Promise<AttachePorts> {
  const free = await freePorts(PORT_NAMES.length);
  const out: Record<string, number> = {};
  PORT_NAMES.forEach((name, i) => (out[name] = given[name] ?? free[i]!));
  return out as unknown as AttachePorts;
}

async function waitReady(child: ChildProcess, log: OutputLog, healthPort: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "no answer yet";
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`attache exited (code ${child.exitCode}, signal ${child.signalCode}) before ready\n${log.text()}`);
    }
    try {
      const res = await request(healthPort, "/ambassador/v0/check_ready", { timeoutMs: 2000 });
      if (res.status === 200) return;
      last = `check_ready answered ${res.status}: ${res.body.slice(0, 200)}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await sleep(100);
  }
  throw new Error(`attache not ready after ${timeoutMs} ms (${last})\n${log.text()}`);
}

/** Creates missing parent directories, so manifests can live in subdirectories. */
function writeAtomic(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

function writeInPlace(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}
