// A closed-loop load generator for shutdown tests: `workers` loops, each sending one request at a
// time on a fresh connection (no keep-alive reuse, so no client-side reuse races), counting each
// outcome. "reset" is the failure a graceful shutdown must never cause: a request that reached
// the server and lost its connection. "refused" is a connection the listener never accepted.
import { request } from "./http.js";
import { sleep } from "./wait.js";

export interface Outcomes {
  sent: number;
  ok: number;
  /** Answered with another status than expected, by status. */
  badStatus: Record<string, number>;
  refused: number;
  reset: number;
  /** Any other error, by code or message. */
  other: Record<string, number>;
}

export interface OutcomeLoop {
  readonly counts: Outcomes;
  /** Stops the loops, waits for requests in flight; returns the counts. */
  stop(): Promise<Outcomes>;
}

export interface OutcomeLoopOptions {
  readonly port: number;
  readonly path: string;
  readonly workers: number;
  /** Hard stop (bounded load even if stop() is never called). */
  readonly maxDurationMs: number;
  /** Pause between a worker's requests (default 5 ms). */
  readonly pauseMs?: number;
  readonly timeoutMs?: number;
}

export function emptyOutcomes(): Outcomes {
  return { sent: 0, ok: 0, badStatus: {}, refused: 0, reset: 0, other: {} };
}

/** Sends one request and adds its outcome to `counts`. */
export async function countOne(counts: Outcomes, port: number, path: string, timeoutMs = 10_000): Promise<void> {
  counts.sent++;
  try {
    const res = await request(port, path, { agent: false, timeoutMs });
    if (res.status === 200) counts.ok++;
    else counts.badStatus[res.status] = (counts.badStatus[res.status] ?? 0) + 1;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    if (code === "ECONNREFUSED") counts.refused++;
    else if (code === "ECONNRESET" || code === "EPIPE" || /socket hang up/.test(String(code))) counts.reset++;
    else counts.other[code] = (counts.other[code] ?? 0) + 1;
  }
}

export function startOutcomeLoop(o: OutcomeLoopOptions): OutcomeLoop {
  const counts = emptyOutcomes();
  const until = Date.now() + o.maxDurationMs;
  let stopped = false;
  const worker = async () => {
    while (!stopped && Date.now() < until) {
      await countOne(counts, o.port, o.path, o.timeoutMs);
      await sleep(o.pauseMs ?? 5);
    }
  };
  const workers = Array.from({ length: o.workers }, worker);
  return {
    counts,
    stop: async () => {
      stopped = true;
      await Promise.all(workers);
      return counts;
    },
  };
}

export function describeOutcomes(o: Outcomes): string {
  const bad = Object.entries(o.badStatus).map(([s, n]) => `${s}x${n}`).join(",") || "0";
  const other = Object.entries(o.other).map(([s, n]) => `${s}x${n}`).join(",") || "0";
  return `sent=${o.sent} ok=${o.ok} reset=${o.reset} refused=${o.refused} bad_status=${bad} other=${other}`;
}
