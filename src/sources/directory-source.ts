// The directory source: a full read at start, then a watch that re-scans on any change and emits
// a new snapshot only when the content really changed.
import { createHash } from "node:crypto";
import type { Diagnostic } from "../resources/diagnostics.js";
import type { Source, SourceSnapshot } from "./types.js";
import { Coalescer } from "./coalescer.js";
import { scanDirectory, type DirectoryScan } from "./directory-scan.js";
import { DirectoryWatchers } from "./directory-watchers.js";
import { resolveLimits, type SourceLimits } from "./limits.js";
import { ManifestFileCache, type FileResult } from "./manifest-file.js";
import { mapLimit } from "./map-limit.js";
import { assembleContent, toSnapshot, type AssembledContent } from "./snapshot-assembly.js";
import { SerialRunner } from "./serial-runner.js";

export interface DirectorySourceOptions {
  readonly limits?: Partial<SourceLimits>;
  /** Quiet period that ends a burst of changes (default 15 ms). */
  readonly debounceMs?: number;
  /** Longest a change waits while changes keep coming (default 100 ms). */
  readonly maxWaitMs?: number;
  /** Safety-net full re-scan for changes no watcher reported, e.g. network filesystems (default 5000 ms; 0: off). */
  readonly pollIntervalMs?: number;
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
  private readonly watchers = new DirectoryWatchers(() => this.coalescer.notify());
  private onSnapshot: ((s: SourceSnapshot) => void) | undefined;
  private poll: NodeJS.Timeout | undefined;
  private last: { readonly content: AssembledContent; readonly snapshot: SourceSnapshot } | undefined;
  private stopped = false;

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
    if (every > 0 && !this.stopped) this.poll = setInterval(() => this.coalescer.notify(), every);
    if (!this.last) throw new Error("directory source stopped before its first snapshot");
    return this.last.snapshot;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.coalescer.cancel();
    if (this.poll) clearInterval(this.poll);
    this.watchers.close();
    await this.runner.idle();
  }

  private async rescan(): Promise<void> {
    if (this.stopped) return;
    const scan = await scanDirectory(this.dir);
    if (this.stopped) return;
    // A directory watched only now may have changed before its watch began: look once more.
    if (this.watchers.update(scan.rootError ? [] : scan.watchDirs)) void this.runner.request();
    const content = scan.rootError ? this.keepLast(scan.rootError) : await this.readAll(scan);
    if (!this.stopped && content.fingerprint !== this.last?.content.fingerprint) this.emit(content);
  }

  private async readAll(scan: DirectoryScan): Promise<AssembledContent> {
    const loaded = await mapLimit(scan.files, READ_CONCURRENCY, (f) => this.cache.load(f));
    const results = loaded.filter((r): r is FileResult => r !== undefined);
    this.cache.retainOnly(new Set(results.map((r) => r.file)));
    return assembleContent(results, [...scan.diagnostics, ...this.watchDiagnostics()], this.limits);
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
    const fingerprint = createHash("sha256").update(`${this.last?.content.fingerprint}\0${reason}`).digest("hex");
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
