// The running control plane's core loop: each source snapshot is translated, and a new xDS
// snapshot is published only when the Envoy config actually changed. Readiness (Envoy's ACKs)
// and the NACK book (rejections, quarantine) live in their own modules; this file ties them to
// the translation and publishes, waiting for Envoy's runtime when the RE2 limit must change
// first. Resources Envoy rejected are quarantined so that every other change still reaches Envoy.
import { compareDiagnostics, formatRef, type Diagnostic } from "../core/diagnostics.js";
import { ResourceEncoder } from "../envoy/encode.js";
import { Translator, type TranslateOptions, type TranslateResult } from "../pipeline/translate.js";
import type { SourceSnapshot } from "../core/source-document.js";
import type { Logger } from "../util/logger.js";
import { errorText } from "../util/errors.js";
import type { XdsCache } from "../xds/cache.js";
import type { NackRecord } from "../xds/nack.js";
import type { AckEvent } from "../xds/status.js";
import { buildSnapshot, typeSnapshot, type EncodeFailure, type Snapshot } from "../xds/snapshot.js";
import type { RuntimeTarget } from "./envoy-runtime.js";
import type { ResourceSet } from "../resources/types.js";
import { DiagnosticLog } from "./diagnostic-log.js";
import { NackBook } from "./nack-book.js";
import { Readiness } from "./readiness.js";

export interface ControlPlaneStatus {
  readonly sourceGeneration: number;
  readonly snapshotSerial: number;
  readonly versions: Readonly<Record<string, string>>;
  readonly acked: Readonly<Record<string, string>>;
  readonly diagnostics: readonly Diagnostic[];
  readonly nacks: readonly NackRecord[];
}

/** How long a listener whose port was in use waits before it is tried again. */
const PORT_RETRY_MS = 3000;

export class ControlPlane {
  private readonly encoder = new ResourceEncoder();
  private readonly translator: Translator;
  private readonly readiness: Readiness;
  private readonly nacks = new NackBook();
  private readonly diagnostics: DiagnosticLog;
  /** The last snapshot published (or waiting for Envoy's runtime); its serial is the plane's. */
  private current: Snapshot | undefined;
  private last: { readonly source: SourceSnapshot; readonly result: TranslateResult } | undefined;
  private runtime: RuntimeTarget | undefined;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly cache: XdsCache,
    opts: TranslateOptions,
    private readonly log: Logger,
    onReady: () => void = () => {},
  ) {
    this.translator = new Translator(opts);
    this.readiness = new Readiness(log, onReady);
    this.diagnostics = new DiagnosticLog(log);
  }

  /** Where Envoy's runtime limits are set (once Envoy runs); without it they are not managed. */
  useRuntime(runtime: RuntimeTarget): void {
    this.runtime = runtime;
  }

  /** Module `regex_max_size` of the last translation (the bootstrap's initial RE2 limit). */
  regexMaxSize(): number | undefined {
    return this.last?.result.settings.regexMaxSize;
  }

  /**
   * Translates a source snapshot; publishes to the cache when the Envoy config changed. The
   * snapshot is ready when this returns, unless Envoy's runtime must change first: then it is
   * published once Envoy has the new limit.
   */
  apply(source: SourceSnapshot): void {
    try {
      this.applyOnce(source, performance.now());
    } catch (err) {
      // Nothing in one snapshot may stop every later change: keep serving the last good one.
      this.log.error(`could not translate source generation ${source.generation}; the last good configuration keeps serving`, { error: errorText(err) });
    }
  }

  private applyOnce(source: SourceSnapshot, started: number): void {
    const result = this.translator.translate(source.documents, this.nacks.quarantine);
    this.last = { source, result };
    this.diagnostics.update([...source.diagnostics, ...result.diagnostics].sort(compareDiagnostics));
    const failures: EncodeFailure[] = [];
    const next = buildSnapshot((this.current?.serial ?? 0) + 1, result.config, this.encoder, failures);
    if (failures.length > 0 && this.rejectUnencodable(failures, result.resources)) {
      this.applyOnce(source, started);
      return;
    }
    if (this.current && sameVersions(this.current, next)) {
      this.nacks.unchanged();
      return;
    }
    this.current = next;
    this.nacks.published(next.serial, result.resources);
    this.publishOnceRuntimeAllows(next, result.settings.regexMaxSize, started);
  }

  /** Quarantines what an unencodable resource was built from; true when that changes the input. */
  private rejectUnencodable(failures: readonly EncodeFailure[], resources: ResourceSet): boolean {
    let changed = false;
    for (const f of failures) {
      const message = `its Envoy ${f.type} ${f.name} cannot be encoded (${f.message})`;
      const added = this.nacks.rejectedLocally(f.sources, resources, message);
      this.log.error(`Envoy ${f.type} ${f.name} cannot be encoded; left out (from ${f.sources.map(formatRef).join(", ") || "no resource"}): ${f.message}`);
      changed ||= added.length > 0;
    }
    return changed;
  }

  handleAck(e: AckEvent): void {
    const bisecting = this.nacks.acked(e.typeUrl, e.version, e.serial);
    this.readiness.ack(e);
    // The ACK decided a bisection step: translate with the next set held back.
    if (bisecting && this.last) this.apply(this.last.source);
  }

  /** A restarted Envoy starts from nothing: readiness waits for its own first ACKs. */
  envoyRestarted(): void {
    this.readiness.envoyRestarted();
  }

  handleNack(rec: NackRecord): void {
    const { blamed, retranslate } = this.nacks.nacked(rec, this.readiness.ackedSerial(rec.typeUrl));
    const who = (blamed.length ? blamed : rec.sources).map(formatRef).join(", ") || "(unknown resources)";
    this.log.error(`Envoy rejected ${rec.typeUrl.split(".").pop()} version ${rec.version} (from ${who}): ${rec.message}`);
    if (blamed.length > 1) this.log.warn(`finding which of ${blamed.length} resources Envoy rejected, holding half of them back at a time`);
    // What is left out changed (quarantined, or a bisection step): translate again.
    if (retranslate && this.last) this.apply(this.last.source);
    this.scheduleRetry();
  }

  /** Listeners left out because their port was in use are tried again after a while. */
  private scheduleRetry(): void {
    if (this.retryTimer || !this.nacks.hasRetries()) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (this.nacks.liftRetries() && this.last) this.apply(this.last.source);
    }, PORT_RETRY_MS);
    this.retryTimer.unref();
  }

  /** Read-only, for resource status: the last translation's resources and the snapshot they came from. */
  lastTranslation(): { readonly source: SourceSnapshot; readonly resources: ResourceSet } | undefined {
    return this.last ? { source: this.last.source, resources: this.last.result.resources } : undefined;
  }

  /** Read-only, for resource status: Envoy ACKed the current version of every type it subscribed to. */
  envoyRunsCurrent(): boolean {
    return this.readiness.runsCurrent(this.current);
  }

  status(): ControlPlaneStatus {
    return {
      sourceGeneration: this.last?.source.generation ?? 0,
      snapshotSerial: this.current?.serial ?? 0,
      versions: this.current ? versionsOf(this.current) : {},
      acked: this.readiness.ackedVersions(),
      diagnostics: [...this.diagnostics.current(), ...this.nacks.diagnostics()],
      nacks: this.nacks.recentNacks(),
    };
  }

  // Envoy must have the new RE2 limit before it gets routes that need it.
  private publishOnceRuntimeAllows(next: Snapshot, regexLimit: number, started: number): void {
    const publish = () => {
      this.cache.setSnapshot(next);
      this.log.info("published configuration", { serial: next.serial, ms: Math.round(performance.now() - started) });
    };
    if (this.runtime && this.runtime.current() !== regexLimit) void this.runtime.ensure(regexLimit).then(publish);
    else publish();
  }
}

function versionsOf(s: Snapshot): Record<string, string> {
  return Object.fromEntries(Object.entries(s.types).map(([t, ts]) => [t, ts.version]));
}

function sameVersions(a: Snapshot, b: Snapshot): boolean {
  const types = new Set([...Object.keys(a.types), ...Object.keys(b.types)]);
  for (const t of types) if (typeSnapshot(a, t)?.version !== typeSnapshot(b, t)?.version) return false;
  return true;
}
