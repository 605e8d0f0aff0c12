// Turns the control plane's state into status writes: recomputes when the translation or
// Envoy's answers change (and every `resyncMs`, which also retries failed writes), and hands
// the result to the writer only while this replica holds the lease. It only reads the control
// plane, on its own timer: the translation path never waits for the API server.
import type { Diagnostic } from "../core/diagnostics.js";
import type { ResourceSet } from "../resources/types.js";
import type { SourceSnapshot } from "../core/source-document.js";
import { refKey } from "../core/diagnostics.js";
import { kubeTime } from "./conditions.js";
import { collectFacts, computeStatuses } from "./facts.js";
import type { ResourceStatus, StatusEntry } from "./types.js";

/** What the reporter reads from the control plane (ControlPlane implements it). */
export interface StatusSource {
  status(): {
    readonly sourceGeneration: number;
    readonly snapshotSerial: number;
    readonly acked: Readonly<Record<string, string>>;
    readonly diagnostics: readonly Diagnostic[];
    readonly nacks: readonly { readonly nonce: string }[];
  };
  lastTranslation(): { readonly source: SourceSnapshot; readonly resources: ResourceSet } | undefined;
  envoyRunsCurrent(): boolean;
}

export interface LeaderSignal {
  isLeader(): boolean;
  on(event: "change", listener: (leader: boolean) => void): unknown;
}

export interface StatusSink {
  submit(entries: readonly StatusEntry[]): void;
  forgetKnown(): void;
  clearQueue(): void;
  retainOnly(keys: ReadonlySet<string>): void;
}

export interface ReporterOptions {
  readonly defaultNamespace: string;
  readonly intervalMs?: number;
  readonly resyncMs?: number;
}

export class StatusReporter {
  private previous = new Map<string, ResourceStatus>();
  private entries: StatusEntry[] = [];
  private fingerprint = "";
  private lastFull = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly source: StatusSource,
    private readonly sink: StatusSink,
    private readonly leader: LeaderSignal,
    private readonly opts: ReporterOptions,
  ) {
    // A new leader cannot trust what it last knew: another replica may have written since.
    leader.on("change", (isLeader) => {
      if (!isLeader) return this.sink.clearQueue();
      this.sink.forgetKnown();
      this.tick(true);
    });
  }

  start(): void {
    this.timer ??= setInterval(() => this.tick(), this.opts.intervalMs ?? 1000);
    this.tick(true);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** The statuses as last computed (whether or not this replica writes them). */
  current(): readonly StatusEntry[] {
    return this.entries;
  }

  tick(force = false): void {
    const s = this.source.status();
    const acked = this.source.envoyRunsCurrent();
    const fp = [s.sourceGeneration, s.snapshotSerial, JSON.stringify(s.acked), s.diagnostics.length, s.nacks[0]?.nonce ?? "", acked].join("|");
    const resync = Date.now() - this.lastFull >= (this.opts.resyncMs ?? 30_000);
    if (!force && !resync && fp === this.fingerprint) return;
    this.fingerprint = fp;
    this.lastFull = Date.now();
    const t = this.source.lastTranslation();
    const facts = collectFacts({
      resources: t?.resources,
      documents: t?.source.documents ?? [],
      diagnostics: s.diagnostics,
      envoyAcked: acked,
      defaultNamespace: this.opts.defaultNamespace,
    });
    this.entries = computeStatuses(facts, this.previous, kubeTime(new Date()));
    this.previous = new Map(this.entries.map((e) => [refKey(e.ref), e.status]));
    this.sink.retainOnly(new Set(this.previous.keys()));
    if (this.leader.isLeader()) this.sink.submit(this.entries);
  }
}
