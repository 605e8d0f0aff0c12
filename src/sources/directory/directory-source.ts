// The directory source: a full read at start, then a watch. A change to known files costs a stat
// and a read of just those files; anything structural, and a periodic safety net, re-scans the
// whole tree. A snapshot is emitted only when the content really changed.
import { createHash } from "node:crypto";
import type { Diagnostic } from "../../core/diagnostics.js";
import type { SourceSnapshot } from "../../core/source-document.js";
import type { Source } from "../source.js";
import { Coalescer } from "../../util/coalescer.js";
import { scanDirectory } from "./directory-scan.js";
import { DirectoryWatchers } from "./directory-watchers.js";
import { resolveLimits, type SourceLimits } from "./limits.js";
import { ManifestFileCache, type FileResult } from "./manifest-file.js";
import { mapLimit } from "../../util/map-limit.js";
import { assembleContent, toSnapshot, type AssembledContent } from "./snapshot-assembly.js";
import { SerialRunner } from "../../util/serial-runner.js";
import { applyChanges, treeOf, type Tree } from "./tree-changes.js";

export interface DirectorySourceOptions {
  readonly limits?: Partial<SourceLimits>;
  /** Quiet period that ends a burst of changes (default 15 ms). */
  readonly debounceMs?: number;
  /** Longest a change waits while changes keep coming (default 100 ms). */
  readonly maxWaitMs?: number;
  /** Safety-net full re-scan for changes no watcher reported, e.g. network filesystems (default 5000 ms; 0: off). */
  readonly pollIntervalMs?: number;
  /**
   * A directory that goes from resources to none (an `rm -rf` and copy redeploy caught half
   * way) is applied only if a re-scan this much later still finds it empty (default 1000 ms).
   */
  readonly emptyConfirmMs?: number;
  /** Called when the snapshot listener throws (default: logged to stderr). */
  readonly onListenerError?: (err: unknown) => void;
}

const READ_CONCURRENCY = 32;

export function createDirectorySource(dir: string, options: DirectorySourceOptions = {}): Source {
  return new DirectorySource(dir, options);
}

class DirectorySource implements Source {
  private readonly limits: SourceLimits;
  private readonly cache: ManifestFileCache;
  private readonly runner = new SerialRunner(() => this.rescan());
  private readonly coalescer: Coalescer;
  private readonly watchers = new DirectoryWatchers((dir, name) => this.changed(dir, name));
  /** What the watchers reported since the last scan: entry names per directory, or "rescan all". */
  private pending: Map<string, Set<string>> | "full" = "full";
  private tree: Tree | undefined;
  private readonly results = new Map<string, FileResult>();
  private scanDiagnostics: readonly Diagnostic[] = [];
  private onSnapshot: ((s: SourceSnapshot) => void) | undefined;
  private poll: NodeJS.Timeout | undefined;
  private last: { readonly content: AssembledContent; readonly snapshot: SourceSnapshot } | undefined;
  /** Fingerprint of the last content read from a readable directory. */
  private lastReadFingerprint = "";
  private stopped = false;
  /** Set while an empty result waits for the confirming re-scan. */
  private emptyCheck: NodeJS.Timeout | undefined;
  private confirmedEmpty = false;

  constructor(private readonly dir: string, private readonly options: DirectorySourceOptions) {
    this.limits = resolveLimits(options.limits);
    this.cache = new ManifestFileCache(this.limits);
    const timing = { debounceMs: options.debounceMs ?? 15, maxWaitMs: options.maxWaitMs ?? 100 };
    this.coalescer = new Coalescer(() => void this.runner.request(), timing);
  }

  async start(onSnapshot: (s: SourceSnapshot) => void): Promise<SourceSnapshot> {
    if (this.onSnapshot) throw new Error("directory source already started");
    this.onSnapshot = onSnapshot;
    await this.runner.request();
    const every = this.options.pollIntervalMs ?? 5_000;
    if (every > 0 && !this.stopped) this.poll = setInterval(() => this.changed("", null), every);
    if (!this.last) throw new Error("directory source stopped before its first snapshot");
    return this.last.snapshot;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.coalescer.cancel();
    if (this.poll) clearInterval(this.poll);
    clearTimeout(this.emptyCheck);
    this.watchers.close();
    await this.runner.idle();
  }

  private changed(dir: string, name: string | null): void {
    if (name === null) this.pending = "full";
    else if (this.pending !== "full") {
      const names = this.pending.get(dir) ?? new Set<string>();
      this.pending.set(dir, names.add(name));
    }
    this.coalescer.notify();
  }

  private async rescan(): Promise<void> {
    const work = this.pending;
    this.pending = new Map();
    if (this.stopped || (work !== "full" && work.size === 0)) return;
    const update = work !== "full" && this.tree ? await applyChanges(this.tree, work) : undefined;
    const content = update ? await this.readChanged(update.tree, update.changed, update.removed) : await this.fullScan();
    if (content.documents.length > 0) this.resetEmptyCheck();
    if (this.stopped || content.fingerprint === this.last?.content.fingerprint) return;
    if (this.mustConfirmEmpty(content)) return;
    this.emit(content);
  }

  /** True while an empty directory that had resources waits for a second look. */
  private mustConfirmEmpty(content: AssembledContent): boolean {
    const wasServing = (this.last?.content.documents.length ?? 0) > 0;
    if (content.documents.length > 0 || !wasServing) return false;
    if (this.emptyCheck === undefined) {
      this.emptyCheck = setTimeout(() => {
        this.confirmedEmpty = true;
        this.changed("", null);
      }, this.options.emptyConfirmMs ?? 1_000);
      return true;
    }
    if (!this.confirmedEmpty) return true;
    this.resetEmptyCheck();
    return false;
  }

  private resetEmptyCheck(): void {
    clearTimeout(this.emptyCheck);
    this.emptyCheck = undefined;
    this.confirmedEmpty = false;
  }

  private async fullScan(): Promise<AssembledContent> {
    const scan = await scanDirectory(this.dir);
    if (this.stopped) return this.keepLast("stopped");
    if (this.watchers.update(scan.watchDirs)) {
      // A directory watched only now may have changed before its watch began: look once more.
      this.pending = "full";
      void this.runner.request();
    }
    if (scan.rootError) {
      this.tree = undefined;
      return this.keepLast(scan.rootError);
    }
    this.tree = treeOf(scan);
    this.scanDiagnostics = scan.diagnostics;
    const loaded = await mapLimit(scan.files, READ_CONCURRENCY, (f) => this.cache.load(f));
    this.results.clear();
    for (const r of loaded) if (r) this.results.set(r.file, r);
    this.cache.retainOnly(new Set(this.results.keys()));
    return this.assemble();
  }

  private async readChanged(tree: Tree, changed: readonly string[], removed: readonly string[]): Promise<AssembledContent> {
    this.tree = tree;
    for (const rel of removed) {
      this.results.delete(rel);
      this.cache.forget(rel);
    }
    await mapLimit([...new Set(changed)], READ_CONCURRENCY, async (rel) => {
      const file = tree.files.get(rel);
      const result = file && (await this.cache.load(file));
      if (result) this.results.set(rel, result);
      else this.results.delete(rel);
    });
    return this.assemble();
  }

  private assemble(): AssembledContent {
    const content = assembleContent([...this.results.values()], [...this.scanDiagnostics, ...this.watchDiagnostics()], this.limits);
    this.lastReadFingerprint = content.fingerprint;
    return content;
  }

  /**
   * The directory itself is gone or unreadable. Serving nothing would tear down every route
   * (a known pain with other gateways), so keep the last documents and say why.
   */
  private keepLast(reason: string): AssembledContent {
    const documents = this.last?.content.documents ?? [];
    const diagnostics: Diagnostic[] = [
      { severity: "error", stage: "source", message: `cannot read directory ${this.dir}: ${reason}; serving the last content read` },
    ];
    const fingerprint = createHash("sha256").update(`${this.lastReadFingerprint}\0${reason}`).digest("hex");
    return { documents, diagnostics, fingerprint };
  }

  private watchDiagnostics(): Diagnostic[] {
    const every = this.options.pollIntervalMs ?? 5_000;
    const fallback = every > 0 ? `changes there are noticed only by the ${every} ms re-scan` : "changes there are not noticed";
    return [...this.watchers.problems()].map(([dir, reason]) => ({
      severity: "warning" as const,
      stage: "source" as const,
      message: `cannot watch directory ${dir} (${reason}); ${fallback}`,
    }));
  }

  private emit(content: AssembledContent): void {
    const snapshot = toSnapshot(content, (this.last?.snapshot.generation ?? 0) + 1);
    this.last = { content, snapshot };
    try {
      this.onSnapshot?.(snapshot);
    } catch (err) {
      (this.options.onListenerError ?? reportListenerError)(err);
    }
  }
}

function reportListenerError(err: unknown): void {
  console.error("attache: the directory source's snapshot listener failed:", err);
}
