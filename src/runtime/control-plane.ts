// The running control plane's core loop: each source snapshot is translated, and a new xDS
// snapshot is published only when the Envoy config actually changed. Diagnostics (from the
// pipeline and from Envoy's NACKs) are kept for status, `diag` and the log. Resources Envoy
// rejected are quarantined so that every other change still reaches Envoy.
import { compareDiagnostics, formatDiagnostic, formatRef, refKey, type Diagnostic } from "../core/diagnostics.js";
import { ResourceEncoder } from "../envoy/encode.js";
import { fingerprints, type QuarantineEntry } from "../pipeline/quarantine.js";
import { Translator, type TranslateOptions } from "../pipeline/translate.js";
import type { SourceSnapshot } from "../core/source-document.js";
import type { Logger } from "../util/logger.js";
import type { XdsCache } from "../xds/cache.js";
import type { NackRecord } from "../xds/nack.js";
import type { AckEvent } from "../xds/status.js";
import { buildSnapshot, typeSnapshot, type Snapshot } from "../xds/snapshot.js";
import { READINESS_TYPES } from "../xds/resource-types.js";
import { blameForNack, SnapshotHistory } from "./nack-attribution.js";
import type { RuntimeTarget } from "./envoy-runtime.js";
import { buildSettings } from "../ir/settings.js";
import type { ResourceSet } from "../resources/types.js";

export interface ControlPlaneStatus {
  readonly sourceGeneration: number;
  readonly snapshotSerial: number;
  readonly versions: Readonly<Record<string, string>>;
  readonly acked: Readonly<Record<string, string>>;
  readonly diagnostics: readonly Diagnostic[];
  readonly nacks: readonly NackRecord[];
}

const REQUIRED_ACKS = READINESS_TYPES;
const MAX_NACKS = 50;

export class ControlPlane {
  private readonly encoder = new ResourceEncoder();
  private readonly translator: Translator;
  private readonly history = new SnapshotHistory();
  private readonly quarantine = new Map<string, QuarantineEntry>();
  private readonly acked = new Map<string, { version: string; serial: number }>();
  /** The latest NACK per type, until Envoy ACKs another version of that type. */
  private readonly openNacks = new Map<string, NackRecord>();
  private nacks: NackRecord[] = [];
  private serial = 0;
  private current: Snapshot | undefined;
  private source: SourceSnapshot | undefined;
  private resources: ResourceSet | undefined;
  private diagnostics: readonly Diagnostic[] = [];
  private ready = false;
  private runtime: RuntimeTarget | undefined;
  private regexLimit: number | undefined;

  constructor(
    private readonly cache: XdsCache,
    opts: TranslateOptions,
    private readonly log: Logger,
    private readonly onReady: () => void = () => {},
  ) {
    this.translator = new Translator(opts);
  }

  /** Where Envoy's runtime limits are set (once Envoy runs); without it they are not managed. */
  useRuntime(runtime: RuntimeTarget): void {
    this.runtime = runtime;
  }

  /** Module `regex_max_size` of the last translation (the bootstrap's initial RE2 limit). */
  regexMaxSize(): number | undefined {
    return this.regexLimit;
  }

  /**
   * Translates a source snapshot; publishes to the cache when the Envoy config changed. The
   * snapshot is ready when this returns, unless Envoy's runtime must change first: then it is
   * published once Envoy has the new limit.
   */
  apply(source: SourceSnapshot): void {
    const started = performance.now();
    this.source = source;
    const result = this.translator.translate(source.documents, this.quarantine);
    this.resources = result.resources;
    this.setDiagnostics([...source.diagnostics, ...result.diagnostics].sort(compareDiagnostics));
    this.regexLimit = buildSettings(result.resources.module).regexMaxSize;
    const next = buildSnapshot(this.serial + 1, result.config, this.encoder);
    if (this.current && sameVersions(this.current, next)) return;
    this.serial = next.serial;
    this.current = next;
    this.history.record(next.serial, { fingerprints: fingerprints(result.resources), resources: result.resources });
    const publish = () => {
      this.cache.setSnapshot(next);
      this.log.info("published configuration", { serial: next.serial, ms: Math.round(performance.now() - started) });
    };
    if (this.runtime && this.runtime.current() !== this.regexLimit) void this.runtime.ensure(this.regexLimit).then(publish);
    else publish();
  }

  handleAck(e: AckEvent): void {
    this.acked.set(e.typeUrl, { version: e.version, serial: e.serial });
    if (this.openNacks.get(e.typeUrl)?.version !== e.version) this.openNacks.delete(e.typeUrl);
    // Every snapshot is complete, so the first ACK of each core type means a complete config.
    if (!this.ready && REQUIRED_ACKS.every((t) => this.acked.has(t))) {
      this.ready = true;
      this.log.info("Envoy acknowledged the configuration: ready");
      this.onReady();
    }
  }

  /** A restarted Envoy starts from nothing: readiness waits for its own first ACKs. */
  envoyRestarted(): void {
    this.acked.clear();
    this.ready = false;
  }

  handleNack(rec: NackRecord): void {
    this.nacks = [rec, ...this.nacks].slice(0, MAX_NACKS);
    this.openNacks.set(rec.typeUrl, rec);
    const rejected = this.history.get(rec.serial);
    const lastGood = this.history.get(this.acked.get(rec.typeUrl)?.serial);
    const blamed = rejected ? blameForNack(rec, rejected, lastGood) : [];
    const who = (blamed.length ? blamed : rec.sources).map(formatRef).join(", ") || "(unknown resources)";
    this.log.error(`Envoy rejected ${rec.typeUrl.split(".").pop()} version ${rec.version} (from ${who}): ${rec.message}`);
    if (!rejected || blamed.length === 0) return;
    for (const ref of blamed) {
      this.quarantine.set(refKey(ref), { fingerprint: rejected.fingerprints.get(refKey(ref)) as string, message: rec.message });
    }
    if (this.source) this.apply(this.source);
  }

  /** Read-only, for resource status: the last translation's resources and the snapshot they came from. */
  lastTranslation(): { readonly source: SourceSnapshot; readonly resources: ResourceSet } | undefined {
    return this.source && this.resources ? { source: this.source, resources: this.resources } : undefined;
  }

  /** Read-only, for resource status: Envoy ACKed the current version of every type it subscribed to. */
  envoyRunsCurrent(): boolean {
    const current = this.current;
    if (!current) return false;
    return Object.entries(current.types).every(([t, ts]) => {
      const acked = this.acked.get(t);
      return acked ? acked.version === ts.version : !(REQUIRED_ACKS as readonly string[]).includes(t);
    });
  }

  status(): ControlPlaneStatus {
    return {
      sourceGeneration: this.source?.generation ?? 0,
      snapshotSerial: this.serial,
      versions: this.current ? versionsOf(this.current) : {},
      acked: Object.fromEntries([...this.acked].map(([t, a]) => [t, a.version])),
      diagnostics: [...this.diagnostics, ...this.nackDiagnostics()],
      nacks: this.nacks,
    };
  }

  // NACKs not narrowed down to a quarantined resource stay visible on all their sources.
  private nackDiagnostics(): Diagnostic[] {
    return [...this.openNacks.values()].flatMap((n) =>
      n.sources
        .filter((ref) => !this.quarantine.has(refKey(ref)))
        .map((ref) => ({ severity: "error" as const, stage: "envoy" as const, ref, message: `Envoy rejected the configuration built from this resource: ${n.message}` })),
    );
  }

  // Log what is new and what went away, not the whole list on every change.
  private setDiagnostics(next: readonly Diagnostic[]): void {
    const before = new Set(this.diagnostics.map(formatDiagnostic));
    const after = new Set(next.map(formatDiagnostic));
    for (const line of after) if (!before.has(line)) process.stderr.write(`${line}\n`);
    for (const line of before) if (!after.has(line)) this.log.info(`resolved: ${line}`);
    this.diagnostics = next;
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
