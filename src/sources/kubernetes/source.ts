// The Kubernetes source: one list+watch loop per resource type and namespace scope, an in-memory
// store per loop, and immutable snapshots of the stores' documents. The first snapshot waits for
// every loop's initial LIST; later changes are coalesced, and a snapshot is emitted only when a
// document (by identity) or a source problem changed.
import type { KubeClient } from "../../k8s/client.js";
import type { Diagnostic } from "../../core/diagnostics.js";
import type { Logger } from "../../util/logger.js";
import { Coalescer } from "../../util/coalescer.js";
import type { SourceDocument, SourceSnapshot } from "../../core/source-document.js";
import type { Source } from "../source.js";
import { ListWatch, DEFAULT_TIMING, type ListWatchStats, type ListWatchTiming, type ScopeProblem } from "./list-watch.js";
import { ObjectStore } from "./object-store.js";
import { describeScope, WATCHED_TYPES, watchScopes, type ResourceType } from "./resource-types.js";
import { isRecord } from "./watch-decision.js";

export interface KubernetesSourceOptions {
  /** Watch only these namespaces (cluster-scoped types are always watched cluster-wide); default all. */
  readonly namespaces?: readonly string[];
  /** Default: every type attache reads (WATCHED_TYPES). */
  readonly types?: readonly ResourceType[];
  readonly timing?: Partial<ListWatchTiming>;
  /** Quiet period that ends a burst of changes (default 15 ms). */
  readonly debounceMs?: number;
  /** Longest a change waits while changes keep coming (default 100 ms). */
  readonly maxWaitMs?: number;
  readonly logger?: Logger;
  /** Called when the snapshot listener throws (default: logged). */
  readonly onListenerError?: (err: unknown) => void;
}

export interface ScopeStats extends ListWatchStats {
  readonly scope: string;
}

export interface KubernetesSource extends Source {
  /** Per list+watch loop: requests sent, resourceVersion, synced. */
  stats(): readonly ScopeStats[];
}

export function createKubernetesSource(client: KubeClient, opts: KubernetesSourceOptions = {}): KubernetesSource {
  return new KubernetesApiSource(client, opts);
}

interface Scope {
  readonly watch: ListWatch;
  readonly store: ObjectStore;
  readonly problem: { current: ScopeProblem | undefined };
}

class KubernetesApiSource implements KubernetesSource {
  private readonly scopes: Scope[];
  private readonly coalescer: Coalescer;
  private onSnapshot: ((s: SourceSnapshot) => void) | undefined;
  private last: SourceSnapshot | undefined;
  private lastProblems = "";
  private started = false;

  constructor(client: KubeClient, private readonly opts: KubernetesSourceOptions) {
    const timing = { ...DEFAULT_TIMING, ...opts.timing };
    this.scopes = watchScopes(opts.types ?? WATCHED_TYPES, opts.namespaces ?? []).map(({ type, namespace }) => this.makeScope(client, type, namespace, timing));
    this.coalescer = new Coalescer(() => this.emitIfChanged(), { debounceMs: opts.debounceMs ?? 15, maxWaitMs: opts.maxWaitMs ?? 100 });
  }

  async start(onSnapshot: (s: SourceSnapshot) => void): Promise<SourceSnapshot> {
    if (this.onSnapshot) throw new Error("kubernetes source already started");
    this.onSnapshot = onSnapshot;
    for (const s of this.scopes) s.watch.start();
    await Promise.all(this.scopes.map((s) => s.watch.whenSynced()));
    this.coalescer.cancel();
    this.started = true;
    this.emitIfChanged();
    if (!this.last) throw new Error("kubernetes source stopped before its first snapshot");
    return this.last;
  }

  async stop(): Promise<void> {
    this.started = false;
    this.coalescer.cancel();
    await Promise.all(this.scopes.map((s) => s.watch.stop()));
  }

  private makeScope(client: KubeClient, type: ResourceType, namespace: string | undefined, timing: ListWatchTiming): Scope {
    const store = new ObjectStore(type);
    const problem: Scope["problem"] = { current: undefined };
    const changed = (did: boolean) => {
      if (did) this.coalescer.notify();
    };
    const watch = new ListWatch(client, type, namespace, {
      replace: (objects) => changed(store.replace(objects)),
      upsert: (object) => changed(store.upsert(object)),
      remove: (object) => changed(store.remove(object)),
      problem: (next) => {
        if (next?.message === problem.current?.message) return;
        if (next) this.opts.logger?.warn(next.message);
        else this.opts.logger?.info(`${describeScope(type, namespace)}: reading again`);
        problem.current = next;
        this.coalescer.notify();
      },
    }, timing);
    return { watch, store, problem };
  }

  stats(): readonly ScopeStats[] {
    return this.scopes.map((s) => ({ scope: describeScope(s.watch.type, s.watch.namespace), ...s.watch.stats() }));
  }

  private emitIfChanged(): void {
    if (!this.started) return;
    const documents = this.documents();
    const diagnostics = this.diagnostics();
    const problems = JSON.stringify(diagnostics);
    if (this.last && problems === this.lastProblems && sameDocuments(documents, this.last.documents)) return;
    const snapshot: SourceSnapshot = Object.freeze({
      generation: (this.last?.generation ?? 0) + 1,
      documents: Object.freeze(documents),
      diagnostics: Object.freeze(diagnostics),
    });
    this.last = snapshot;
    this.lastProblems = problems;
    try {
      this.onSnapshot?.(snapshot);
    } catch (err) {
      if (this.opts.onListenerError) this.opts.onListenerError(err);
      else console.error("attache: the kubernetes source's snapshot listener failed:", err);
    }
  }

  /** In a stable order: kind, namespace, name. */
  private documents(): SourceDocument[] {
    const keyed: { key: string; document: SourceDocument }[] = [];
    for (const { store } of this.scopes) {
      for (const d of store.documents()) {
        const v = d.document.value;
        const meta = isRecord(v) && isRecord(v["metadata"]) ? v["metadata"] : {};
        keyed.push({ key: `${store.type.kind}\0${String(meta["namespace"] ?? "")}\0${String(meta["name"] ?? "")}`, document: d.document });
      }
    }
    keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return keyed.map((k) => k.document);
  }

  private diagnostics(): Diagnostic[] {
    const out: Diagnostic[] = [];
    for (const { problem } of this.scopes) {
      if (problem.current) out.push({ severity: problem.current.severity, stage: "source", message: `kubernetes: ${problem.current.message}` });
    }
    return out.sort((a, b) => (a.message < b.message ? -1 : a.message > b.message ? 1 : 0));
  }
}

function sameDocuments(a: readonly SourceDocument[], b: readonly SourceDocument[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
