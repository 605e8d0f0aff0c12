// One list+watch loop for one resource type in one scope (a namespace or all): a paged LIST, then
// WATCH from the list's resourceVersion with bookmarks, re-watching from the latest version seen.
// 410 Gone relists; a missing API (404) or a forbidden type (403) is reported and retried slowly
// without holding up the first snapshot; other failures back off
// with jitter. The loop never throws: problems go to `onProblem`.
import { KubeError, type KubeClient } from "../../k8s/client.js";
import { Backoff, jittered, type BackoffPolicy } from "../../util/backoff.js";
import { describeScope, listPath, watchPath, type ResourceType } from "./resource-types.js";
import { decideError, decideEvent, delayAfterClose, retryAfterMs, type KubeObject, isRecord } from "./watch-decision.js";

/** API-server reconnects: 250 ms doubling to 30 s, each delay drawn from [d/2, d]. */
export const WATCH_BACKOFF: BackoffPolicy = { initialMs: 250, maxMs: 30_000, factor: 2, jitter: 0.5 };

export interface ListWatchHandlers {
  /** A complete LIST: the scope now holds exactly these objects. */
  replace(objects: readonly KubeObject[]): void;
  upsert(object: KubeObject): void;
  remove(object: KubeObject): void;
  /** A problem to report (undefined: the last one is over). Never carries object contents. */
  problem(problem: ScopeProblem | undefined): void;
}

export interface ScopeProblem {
  /** warning: the type's API is missing; error: the type may not or cannot be read. */
  readonly severity: "warning" | "error";
  readonly message: string;
}

export interface ListWatchTiming {
  /** Server-side watch timeout, jittered ±10 % per watch (default 300 s). */
  readonly watchTimeoutS: number;
  /** Stall watchdog: longer than the bookmark interval (~1 min) (default 150 s). */
  readonly idleTimeoutMs: number;
  /** A watch open this long counts as healthy: the backoff resets (default 10 s). */
  readonly healthyMs: number;
  /** Pause before re-watching after a healthy watch ended normally (default 100 ms). */
  readonly rewatchPauseMs: number;
  /** Retry period while the type's API is missing or forbidden (default 30 s, jittered). */
  readonly missingRetryMs: number;
  readonly pageSize: number;
  readonly backoff: BackoffPolicy;
}

export const DEFAULT_TIMING: ListWatchTiming = {
  watchTimeoutS: 300,
  idleTimeoutMs: 150_000,
  healthyMs: 10_000,
  rewatchPauseMs: 100,
  missingRetryMs: 30_000,
  pageSize: 500,
  backoff: WATCH_BACKOFF,
};

export interface ListWatchStats {
  /** LIST pages and WATCH requests sent: a bound on how hard the loop hits the server. */
  readonly requests: number;
  readonly lists: number;
  readonly watches: number;
  readonly resourceVersion: string;
  readonly synced: boolean;
}

interface ListResponse {
  readonly metadata?: { readonly resourceVersion?: string; readonly continue?: string };
  readonly items?: readonly KubeObject[];
}

export class ListWatch {
  private readonly abort = new AbortController();
  private readonly backoff: Backoff;
  private resourceVersion = "";
  private needList = true;
  private synced = false;
  private requests = 0;
  private lists = 0;
  private watches = 0;
  private running: Promise<void> | undefined;
  private readonly syncWaiters: (() => void)[] = [];
  private wake: (() => void) | undefined;

  constructor(
    private readonly client: KubeClient,
    readonly type: ResourceType,
    readonly namespace: string | undefined,
    private readonly handlers: ListWatchHandlers,
    private readonly timing: ListWatchTiming = DEFAULT_TIMING,
    private readonly random: () => number = Math.random,
  ) {
    this.backoff = new Backoff(timing.backoff, random);
  }

  start(): void {
    this.running ??= this.loop();
  }

  /** Resolves once the first LIST is done (or the API turned out to be missing or forbidden). */
  whenSynced(): Promise<void> {
    if (this.synced || this.abort.signal.aborted) return Promise.resolve();
    return new Promise((resolve) => this.syncWaiters.push(resolve));
  }

  async stop(): Promise<void> {
    this.abort.abort();
    this.wake?.();
    // Nobody waits for a sync that will never come.
    for (const w of this.syncWaiters.splice(0)) w();
    await this.running;
  }

  stats(): ListWatchStats {
    return { requests: this.requests, lists: this.lists, watches: this.watches, resourceVersion: this.resourceVersion, synced: this.synced };
  }

  private get stopped(): boolean {
    return this.abort.signal.aborted;
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      const delay = this.needList ? await this.listOnce() : await this.watchOnce();
      if (delay > 0) await this.sleep(delay);
    }
  }

  /** Returns how long to wait before the next step. */
  private async listOnce(): Promise<number> {
    const objects: KubeObject[] = [];
    let continueToken: string | undefined;
    let resourceVersion = "";
    try {
      this.lists++;
      do {
        this.requests++;
        const page = await this.client.getJson<ListResponse>(listPath(this.type, this.namespace, this.timing.pageSize, continueToken), {
          signal: this.abort.signal,
          timeoutMs: 60_000,
        });
        objects.push(...(page.items ?? []));
        continueToken = page.metadata?.continue || undefined;
        // Every page of one list is a consistent snapshot at the first page's version.
        resourceVersion ||= page.metadata?.resourceVersion ?? "";
      } while (continueToken && !this.stopped);
    } catch (err) {
      if (this.stopped) return 0;
      return this.failed(err, "list");
    }
    if (this.stopped) return 0;
    this.handlers.replace(objects);
    this.resourceVersion = resourceVersion;
    this.needList = false;
    this.handlers.problem(undefined);
    this.markSynced();
    return 0;
  }

  private async watchOnce(): Promise<number> {
    const stream = new AbortController();
    const onStop = () => stream.abort();
    this.abort.signal.addEventListener("abort", onStop);
    let openedAt: number | undefined;
    let failure: { kind: "relist" | "fail"; reason: string } | undefined;
    const onEvent = (raw: unknown) => {
      if (failure) return;
      const a = decideEvent(raw);
      if (a.action === "relist" || a.action === "fail") {
        failure = { kind: a.action, reason: a.reason };
        stream.abort();
        return;
      }
      if (a.action === "upsert") this.handlers.upsert(a.object);
      else if (a.action === "delete") this.handlers.remove(a.object);
      if (a.resourceVersion) this.resourceVersion = a.resourceVersion;
    };
    try {
      this.watches++;
      this.requests++;
      const path = watchPath(this.type, this.namespace, this.resourceVersion, jittered(this.timing.watchTimeoutS, 0.1, this.random));
      await this.client.stream(path, onEvent, {
        signal: stream.signal,
        idleTimeoutMs: this.timing.idleTimeoutMs,
        onOpen: () => {
          openedAt = Date.now();
          this.handlers.problem(undefined);
        },
      });
    } catch (err) {
      if (this.stopped) return 0;
      this.resetIfHealthy(openedAt);
      return this.failed(err, "watch");
    } finally {
      this.abort.signal.removeEventListener("abort", onStop);
    }
    if (this.stopped) return 0;
    this.resetIfHealthy(openedAt);
    if (failure?.kind === "relist") {
      this.needList = true;
      return 0;
    }
    if (failure) return this.failed(new Error(failure.reason), "watch");
    const openMs = openedAt === undefined ? 0 : Date.now() - openedAt;
    return delayAfterClose(openMs, this.timing.healthyMs, () => this.backoff.next(), this.timing.rewatchPauseMs);
  }

  private resetIfHealthy(openedAt: number | undefined): void {
    if (openedAt !== undefined && Date.now() - openedAt >= this.timing.healthyMs) this.backoff.reset();
  }

  private failed(err: unknown, what: "list" | "watch"): number {
    const action = decideError(err);
    const scope = describeScope(this.type, this.namespace);
    if (action === "relist") {
      this.needList = true;
      return 0;
    }
    if (action === "missing" || action === "forbidden") {
      // Behave as an empty, synced type so the others go on.
      if (!this.synced) this.handlers.replace([]);
      this.needList = true;
      this.markSynced();
      const retry = jittered(this.timing.missingRetryMs, 0.1, this.random);
      const every = `retrying every ${Math.round(retry / 1000)} s`;
      this.handlers.problem(
        action === "missing"
          ? { severity: "warning", message: `the API for ${this.type.kind} (${this.type.apiVersion}) is not served, so ${scope} are not read (are the CRDs installed?); ${every}` }
          : { severity: "error", message: `not allowed to ${what} ${scope} (RBAC: grant get, list and watch); ${every}` },
      );
      return retry;
    }
    this.needList ||= what === "list";
    const delay = Math.max(this.backoff.next(), retryAfterMs(err));
    // One failure is routine (a server restarting, a CRD's storage initializing): report from the second.
    if (this.backoff.consecutiveFailures >= 2) {
      this.handlers.problem({ severity: "error", message: `cannot ${what} ${scope}: ${messageOf(err)}; keeping the objects last read, retrying` });
    }
    return delay;
  }

  private markSynced(): void {
    this.synced = true;
    for (const w of this.syncWaiters.splice(0)) w();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}

/** One short line: for an API error its status and the server's own message, not the request path. */
export function messageOf(err: unknown): string {
  if (err instanceof KubeError) return `HTTP ${err.status}${statusMessage(err.body)}`;
  return (err instanceof Error ? err.message : String(err)).split("\n")[0]!.slice(0, 300);
}

function statusMessage(body: string): string {
  try {
    const status: unknown = JSON.parse(body);
    const message = isRecord(status) ? status["message"] : undefined;
    return typeof message === "string" ? `: ${(message.split("\n")[0] ?? "").slice(0, 300)}` : "";
  } catch {
    return "";
  }
}
