// A steady load generator: spreads `rate` requests per second round-robin over the given paths,
// at most `concurrency` in flight, and counts outcomes per path. Connection errors are failures.
import { Agent } from "node:http";
import { isKeepAliveRace, request, type RequestOptions, type Response } from "./http.js";

export interface LoadTarget {
  readonly path: string;
  readonly host?: string;
  /** Status that counts as success (default 200). */
  readonly expect?: number;
}

export interface LoadOptions {
  readonly port: number;
  readonly paths: readonly LoadTarget[];
  /** Requests per second over all paths. */
  readonly rate: number;
  readonly concurrency: number;
  /** Hard stop even if stop() is never called (default 5 min). */
  readonly maxDurationMs?: number;
  readonly requestTimeoutMs?: number;
}

export interface PathCounts {
  readonly path: string;
  total: number;
  ok: number;
  failed: number;
  statuses: Record<string, number>;
  errors: Record<string, number>;
  /** Requests retried once because a reused keep-alive socket was reset (see isKeepAliveRace). */
  retried: number;
  /** Latency of every answered request, ms, in completion order. */
  latencies: number[];
}

export interface LoadReport {
  readonly durationMs: number;
  readonly sent: number;
  /** Ticks where a request was due but `concurrency` were already in flight. */
  readonly skipped: number;
  readonly byPath: Record<string, PathCounts>;
}

export interface Load {
  /** Counts so far (live objects; do not mutate). */
  current(): Record<string, PathCounts>;
  /** Stops sending, waits for requests in flight, prints and returns the report. */
  stop(opts?: { quiet?: boolean }): Promise<LoadReport>;
}

const TICK_MS = 5;

export function startLoad(opts: LoadOptions): Load {
  if (opts.paths.length === 0 || opts.rate <= 0 || opts.concurrency <= 0) throw new Error("startLoad: need paths, rate > 0, concurrency > 0");
  const agent = new Agent({ keepAlive: true, maxSockets: opts.concurrency });
  const byPath: Record<string, PathCounts> = {};
  for (const t of opts.paths) byPath[keyOf(t)] = { path: keyOf(t), total: 0, ok: 0, failed: 0, statuses: {}, errors: {}, retried: 0, latencies: [] };
  const started = Date.now();
  const maxDuration = opts.maxDurationMs ?? 300_000;
  let sent = 0;
  let fired = 0;
  let skipped = 0;
  let inFlight = 0;
  const pending = new Set<Promise<void>>();

  const fire = (target: LoadTarget) => {
    const counts = byPath[keyOf(target)]!;
    inFlight++;
    const reqOpts: RequestOptions = { host: target.host, agent, timeoutMs: opts.requestTimeoutMs ?? 5000 };
    const sentAt = Date.now();
    const p = requestRetryingRace(opts.port, target.path, reqOpts, () => counts.retried++)
      .then((res) => {
        counts.latencies.push(Date.now() - sentAt);
        counts.statuses[res.status] = (counts.statuses[res.status] ?? 0) + 1;
        if (res.status === (target.expect ?? 200)) counts.ok++;
        else counts.failed++;
      })
      .catch((err: NodeJS.ErrnoException) => {
        const code = err.code ?? err.message;
        counts.errors[code] = (counts.errors[code] ?? 0) + 1;
        counts.failed++;
      })
      .finally(() => {
        counts.total++;
        inFlight--;
        pending.delete(p);
      });
    pending.add(p);
  };

  const timer = setInterval(() => {
    const elapsed = Date.now() - started;
    if (elapsed > maxDuration) return clearInterval(timer);
    const due = Math.floor((elapsed / 1000) * opts.rate) - sent;
    for (let i = 0; i < due; i++) {
      if (inFlight >= opts.concurrency) {
        skipped += due - i;
        sent += due - i;
        break;
      }
      // Round-robin over requests actually sent, so skips never unbalance the paths.
      fire(opts.paths[fired % opts.paths.length]!);
      fired++;
      sent++;
    }
  }, TICK_MS);

  return {
    current: () => byPath,
    stop: async ({ quiet = false } = {}) => {
      clearInterval(timer);
      const durationMs = Date.now() - started;
      await Promise.allSettled([...pending]);
      agent.destroy();
      const report: LoadReport = { durationMs, sent: fired, skipped, byPath };
      if (!quiet) console.log(formatLoadReport(report));
      return report;
    },
  };
}

/** One request; retried once, as HTTP clients do, when a reused keep-alive socket was reset. */
async function requestRetryingRace(port: number, path: string, opts: RequestOptions, onRetry: () => void): Promise<Response> {
  try {
    return await request(port, path, opts);
  } catch (err) {
    if (!isKeepAliveRace(err)) throw err;
    onRetry();
    // On a fresh connection: another pooled socket may be closing too.
    return request(port, path, { ...opts, agent: false });
  }
}

function keyOf(t: LoadTarget): string {
  return t.host ? `${t.host}${t.path}` : t.path;
}

/** A fixed-width table: one row per path with totals, status counts and error counts. */
export function formatLoadReport(r: LoadReport): string {
  const rows = Object.values(r.byPath).map((c) => [
    c.path,
    String(c.total),
    String(c.ok),
    String(c.failed),
    Object.entries(c.statuses).map(([s, n]) => `${s}:${n}`).join(" ") || "-",
    Object.entries(c.errors).map(([e, n]) => `${e}:${n}`).join(" ") || "-",
    String(c.retried),
    `${percentile(c.latencies, 0.5)}/${percentile(c.latencies, 0.99)}/${percentile(c.latencies, 1)}`,
  ]);
  const header = ["path", "total", "ok", "failed", "statuses", "errors", "keepalive-retries", "ms p50/p99/max"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd();
  const rate = r.durationMs > 0 ? ((r.sent / r.durationMs) * 1000).toFixed(0) : "0";
  return [
    `load: ${r.sent} requests in ${(r.durationMs / 1000).toFixed(1)} s (${rate} req/s), ${r.skipped} skipped (concurrency limit)`,
    line(header),
    ...rows.map(line),
  ].join("\n");
}

/** The q-quantile (0..1) of `values` by nearest rank; 0 when empty. */
export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}
