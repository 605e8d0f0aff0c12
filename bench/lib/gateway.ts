// A real gateway for benchmarks: `bin/attache run` with a supervised Envoy (the e2e harness),
// N synthetic Mappings routed round-robin to loopback echo backends, and helpers to time how
// long a route takes to start serving.
import { readFileSync } from "node:fs";
import { startAttache, startBackend, statusOf, type Attache, type Backend } from "../../test/support/harness/index.js";
import { mappingPrefix, syntheticFiles } from "../manifests.js";

export interface BenchGateway {
  readonly gw: Attache;
  readonly backends: readonly Backend[];
  /** `service` for a new Mapping: one of the backends, round-robin by `i`. */
  service(i: number): string;
  /** ms from start until the last synthetic Mapping served 200. */
  readonly readyMs: number;
  stop(): Promise<void>;
}

const BACKENDS = 10;

/** `xdsMode` undefined: attache's default. */
export async function startGateway(n: number, readyTimeoutMs: number, xdsMode?: string): Promise<BenchGateway> {
  const backends = await Promise.all(Array.from({ length: BACKENDS }, (_, i) => startBackend(`b${i}`)));
  const service = (i: number) => backends[i % BACKENDS]!.service;
  const started = Date.now();
  let gw: Attache | undefined;
  try {
    gw = await startAttache({ manifests: syntheticFiles(n, { service, header: false }), readyTimeoutMs, extraArgs: xdsMode ? ["--xds-mode", xdsMode] : [] });
    const last = n > 0 ? `${mappingPrefix(n - 1)}x` : undefined;
    if (last) await untilServes(gw.ports.listener, last, readyTimeoutMs, 50);
  } catch (err) {
    await gw?.stop();
    await Promise.all(backends.map((b) => b.stop()));
    throw err;
  }
  const running = gw;
  return {
    gw: running,
    backends,
    service,
    readyMs: Date.now() - started,
    stop: async () => {
      await running.stop();
      await Promise.all(backends.map((b) => b.stop()));
    },
  };
}

/**
 * Polls `path` every `intervalMs` until Envoy answers 200; resolves with Date.now() of that
 * answer. A route that never serves within `timeoutMs` is a broken setup, not a slow result.
 */
export async function untilServes(port: number, path: string, timeoutMs: number, intervalMs = 5): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if ((await statusOf(port, path, { timeoutMs: 5000 })) === 200) return Date.now();
    if (Date.now() > deadline) throw new Error(`${path} did not serve 200 within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Resident memory of a process (VmRSS), bytes; NaN when it is gone. */
export function rssOfPid(pid: number | undefined): number {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kb ? Number(kb) * 1024 : NaN;
  } catch {
    return NaN;
  }
}
