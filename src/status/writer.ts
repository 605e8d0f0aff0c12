// Writes statuses through the status subresource, only when they change.
//
// GET + PUT with metadata.resourceVersion rather than a JSON merge patch: the GET lets attache
// compare with what the object already says (after a restart, or what another replica wrote)
// and skip the write, and keep the object's lastTransitionTimes; the resourceVersion makes a
// write based on a stale read fail with 409 instead of silently overwriting, and we then
// retry from a fresh GET (bounded, with backoff). A merge patch would have to replace the
// whole conditions list blindly (merge patch replaces arrays) and would write every time.
import { refKey, type ResourceRef } from "../core/diagnostics.js";
import type { KubeClient } from "../k8s/client.js";
import type { Logger } from "../util/logger.js";
import { keepTransitionTimes, sameStatus, isObject } from "./compare.js";
import { KeyedQueue } from "../util/keyed-queue.js";
import { objectPath, statusPath } from "./kinds.js";
import type { ResourceStatus, StatusEntry } from "./types.js";
import { backoffDelay } from "../util/backoff.js";

export interface StatusWriterOptions {
  /** Concurrent requests at most (default 4). */
  readonly concurrency?: number;
  /** Writes started per second at most (default 50). */
  readonly perSecond?: number;
  /** Attempts per write when the object keeps changing under us (default 5). */
  readonly maxAttempts?: number;
  /** First retry delay; doubles per attempt (default 100 ms). */
  readonly backoffMs?: number;
  readonly requestTimeoutMs?: number;
  readonly log?: Logger;
  /** Runs between the GET and the PUT of each write (tests use it to provoke a conflict). */
  readonly beforePut?: (ref: ResourceRef) => Promise<void>;
}

export interface StatusWriterStats {
  gets: number;
  puts: number;
  conflicts: number;
  notFound: number;
  failures: number;
}

const OWN_FIELDS = ["observedGeneration", "conditions", "state", "reason"];

export class StatusWriter {
  readonly stats: StatusWriterStats = { gets: 0, puts: 0, conflicts: 0, notFound: 0, failures: 0 };
  /** What each object is known to say (written or verified by us), by refKey. */
  private readonly known = new Map<string, ResourceStatus>();
  private readonly queue: KeyedQueue<StatusEntry>;

  constructor(private readonly client: KubeClient, private readonly opts: StatusWriterOptions = {}) {
    this.queue = new KeyedQueue((_key, entry) => this.write(entry), {
      concurrency: opts.concurrency ?? 4,
      perSecond: opts.perSecond ?? 50,
    });
  }

  /** Queues the entries that differ from what their objects are known to say; never waits. */
  submit(entries: readonly StatusEntry[]): void {
    for (const e of entries) {
      const key = refKey(e.ref);
      const known = this.known.get(key);
      if (known && sameStatus(e.status, known)) continue;
      this.queue.submit(key, e);
    }
  }

  /** Forgets objects no longer reported on (deleted ones would otherwise be remembered forever). */
  retainOnly(keys: ReadonlySet<string>): void {
    for (const key of this.known.keys()) if (!keys.has(key)) this.known.delete(key);
  }

  /** Forget what objects were known to say (e.g. on gaining leadership: another replica may have written since). */
  forgetKnown(): void {
    this.known.clear();
  }

  /** Drops queued writes (e.g. on losing leadership). */
  clearQueue(): void {
    this.queue.clear();
  }

  idle(): Promise<void> {
    return this.queue.idle();
  }

  stop(): void {
    this.queue.stop();
  }

  private async write(entry: StatusEntry): Promise<void> {
    const key = refKey(entry.ref);
    const maxAttempts = this.opts.maxAttempts ?? 5;
    let attempt = 1;
    for (; attempt <= maxAttempts; attempt++) {
      const outcome = await this.attempt(entry).catch((err: unknown) => {
        this.opts.log?.warn("status write failed", { resource: key, attempt, error: String(err) });
        return "retry" as const;
      });
      if (outcome === "done") return;
      if (outcome === "refused") {
        attempt++;
        break;
      }
      if (attempt < maxAttempts) await sleep(backoffDelay({ initialMs: this.opts.backoffMs ?? 100, maxMs: Infinity }, attempt - 1));
    }
    this.stats.failures++;
    this.opts.log?.warn("status not written: giving up for now", { resource: key, attempts: attempt - 1 });
  }

  // 409 (stale read) and 429/5xx/network errors are worth retrying; another 4xx (say 422, a
  // status the CRD's schema refuses, or 403) would only be refused again.
  private async attempt(entry: StatusEntry): Promise<"done" | "retry" | "refused"> {
    const key = refKey(entry.ref);
    const timeoutMs = this.opts.requestTimeoutMs ?? 10_000;
    this.stats.gets++;
    const got = await this.client.request("GET", objectPath(entry.ref), { timeoutMs });
    if (got.status === 404) return this.gone(key);
    if (got.status !== 200) throw new Error(`GET: HTTP ${got.status}: ${got.body.slice(0, 200)}`);
    const parsed: unknown = JSON.parse(got.body);
    const obj = isObject(parsed) ? parsed : {};
    if (sameStatus(entry.status, obj["status"])) {
      this.known.set(key, entry.status);
      return "done";
    }
    await this.opts.beforePut?.(entry.ref);
    const status = { ...withoutOwnFields(obj["status"]), ...keepTransitionTimes(entry.status, obj["status"]) };
    this.stats.puts++;
    const put = await this.client.request("PUT", statusPath(entry.ref), { body: { ...obj, status }, timeoutMs });
    if (put.status === 404) return this.gone(key);
    if (put.status === 409) {
      this.stats.conflicts++;
      return "retry";
    }
    if (put.status >= 400 && put.status < 500 && put.status !== 429) {
      this.opts.log?.warn("status refused by the API server", { resource: key, status: put.status, body: put.body.slice(0, 300) });
      return "refused";
    }
    if (put.status !== 200 && put.status !== 201) throw new Error(`PUT status: HTTP ${put.status}: ${put.body.slice(0, 200)}`);
    this.known.set(key, entry.status);
    return "done";
  }

  // Deleted meanwhile: nothing to report on.
  private gone(key: string): "done" {
    this.stats.notFound++;
    this.known.delete(key);
    return "done";
  }
}

function withoutOwnFields(status: unknown): Record<string, unknown> {
  if (typeof status !== "object" || status === null || Array.isArray(status)) return {};
  return Object.fromEntries(Object.entries(status).filter(([k]) => !OWN_FIELDS.includes(k)));
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
