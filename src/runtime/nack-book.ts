// What Envoy rejected: the recent NACKs, the open one per type (until Envoy ACKs another
// version of it), and the quarantine of the resources blamed for them, with the snapshot
// history the blame is worked out from. The control plane asks it what to leave out of the
// next translation and which NACKs are still worth reporting.
import { refKey, type Diagnostic, type ResourceRef } from "../core/diagnostics.js";
import { fingerprints, type Quarantine, type QuarantineEntry } from "../pipeline/quarantine.js";
import type { ResourceSet } from "../resources/types.js";
import type { NackRecord } from "../xds/nack.js";
import { blameForNack, SnapshotHistory, type Fingerprints } from "./nack-attribution.js";
import { Bisection, type BisectionStep } from "./nack-bisection.js";

const MAX_NACKS = 50;

export interface NackVerdict {
  /** The resources the NACK is put down to (or the suspects a bisection starts from). */
  readonly blamed: readonly ResourceRef[];
  /** What to leave out changed: translate again. */
  readonly retranslate: boolean;
}

export class NackBook {
  private readonly history = new SnapshotHistory();
  private readonly quarantined = new Map<string, QuarantineEntry>();
  /** Quarantined for a reason that may pass (a port in use): lifted by `liftRetries`. */
  private readonly retryLater = new Set<string>();
  /** The latest NACK per type, until Envoy ACKs another version of that type. */
  private readonly open = new Map<string, NackRecord>();
  private recent: readonly NackRecord[] = [];
  /** Finding the culprit among several suspects, with the fingerprints they were rejected with. */
  private bisection: { readonly run: Bisection; readonly fingerprints: Fingerprints } | undefined;

  /** Resources left out of translations: quarantined while unchanged, and those a bisection holds back. */
  get quarantine(): Quarantine {
    const b = this.bisection;
    if (!b || b.run.held().length === 0) return this.quarantined;
    const out = new Map(this.quarantined);
    const note = `held back while attache finds which of the suspects Envoy rejected: ${b.run.reason}`;
    for (const ref of b.run.held()) {
      const fingerprint = b.fingerprints.get(refKey(ref));
      if (fingerprint !== undefined && !out.has(refKey(ref))) out.set(refKey(ref), { fingerprint, message: note });
    }
    return out;
  }

  /** Remembers what a published snapshot was built from, to compare a later NACK with. */
  published(serial: number, resources: ResourceSet): void {
    this.history.record(serial, { fingerprints: fingerprints(resources), resources });
    this.bisection?.run.published(serial);
  }

  /**
   * A translation changed nothing although a bisection step is waiting for a push: nothing
   * will answer it, so the bisection stops and the resources it held back stay out, as they
   * would have without bisection.
   */
  unchanged(): void {
    const b = this.bisection;
    if (!b || !b.run.awaitingPublish()) return;
    this.bisection = undefined;
    for (const ref of b.run.held()) this.quarantineRef(ref, b.fingerprints, b.run.reason);
  }

  /** True when the ACK decided a bisection step (translate again). */
  acked(typeUrl: string, version: string, serial?: number): boolean {
    if (this.open.get(typeUrl)?.version !== version) this.open.delete(typeUrl);
    const b = this.bisection;
    if (!b || b.run.typeUrl !== typeUrl || serial === undefined || !b.run.decides(serial)) return false;
    this.follow(b.run.outcome(true));
    return true;
  }

  /** Records a NACK and quarantines the resources blamed for it (`lastGood`: serial Envoy last ACKed for the type). */
  nacked(rec: NackRecord, lastGood: number | undefined): NackVerdict {
    this.recent = [rec, ...this.recent].slice(0, MAX_NACKS);
    this.open.set(rec.typeUrl, rec);
    const b = this.bisection;
    if (b && b.run.typeUrl === rec.typeUrl) {
      if (!b.run.decides(rec.serial)) return { blamed: [], retranslate: false };
      this.follow(b.run.outcome(false));
      return { blamed: [], retranslate: true };
    }
    const rejected = this.history.get(rec.serial);
    if (!rejected) return { blamed: [], retranslate: false };
    const blamed = blameForNack(rec, rejected, this.history.get(lastGood));
    if (blamed.length > 1 && !b) {
      // Several could be at fault: find which instead of taking all of them down.
      const run = new Bisection(rec.typeUrl, blamed, rec.message);
      this.bisection = { run, fingerprints: rejected.fingerprints };
      this.follow(run.start());
      return { blamed, retranslate: true };
    }
    // A port another process holds can free up: such listeners are tried again later.
    const portTaken = /cannot bind|address already in use/i.test(rec.message);
    const message = portTaken ? `${rec.message} (the port is in use; tried again every few seconds)` : rec.message;
    for (const ref of blamed) {
      this.quarantineRef(ref, rejected.fingerprints, message);
      if (portTaken) this.retryLater.add(refKey(ref));
    }
    return { blamed, retranslate: blamed.length > 0 };
  }

  private follow(step: BisectionStep): void {
    const b = this.bisection;
    if (step.kind === "found" && b) {
      this.bisection = undefined;
      this.quarantineRef(step.culprit, b.fingerprints, b.run.reason);
    }
  }

  /** Lifts the quarantine of resources whose NACK may not recur (a port that was in use); true if any. */
  liftRetries(): boolean {
    const any = this.retryLater.size > 0;
    for (const key of this.retryLater) this.quarantined.delete(key);
    this.retryLater.clear();
    return any;
  }

  hasRetries(): boolean {
    return this.retryLater.size > 0;
  }

  private quarantineRef(ref: ResourceRef, fps: Fingerprints, message: string): void {
    const fingerprint = fps.get(refKey(ref));
    if (fingerprint !== undefined) this.quarantined.set(refKey(ref), { fingerprint, message });
  }

  /**
   * Quarantines resources whose Envoy config could not even be encoded (never sent to Envoy);
   * returns those newly quarantined.
   */
  rejectedLocally(refs: readonly ResourceRef[], resources: ResourceSet, message: string): ResourceRef[] {
    const now = fingerprints(resources);
    const added: ResourceRef[] = [];
    for (const ref of refs) {
      const fingerprint = now.get(refKey(ref));
      if (fingerprint === undefined || this.quarantined.get(refKey(ref))?.fingerprint === fingerprint) continue;
      this.quarantined.set(refKey(ref), { fingerprint, message });
      added.push(ref);
    }
    return added;
  }

  recentNacks(): readonly NackRecord[] {
    return this.recent;
  }

  /** NACKs not narrowed down to a quarantined resource stay visible on all their sources. */
  diagnostics(): Diagnostic[] {
    return [...this.open.values()].flatMap((n) =>
      n.sources
        .filter((ref) => !this.quarantined.has(refKey(ref)))
        .map((ref) => ({ severity: "error" as const, stage: "envoy" as const, ref, message: `Envoy rejected the configuration built from this resource: ${n.message}` })),
    );
  }
}
