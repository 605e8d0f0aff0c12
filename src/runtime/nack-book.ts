// What Envoy rejected: the recent NACKs, the open one per type (until Envoy ACKs another
// version of it), and the quarantine of the resources blamed for them, with the snapshot
// history the blame is worked out from. The control plane asks it what to leave out of the
// next translation and which NACKs are still worth reporting.
import { refKey, type Diagnostic, type ResourceRef } from "../core/diagnostics.js";
import { fingerprints, type Quarantine, type QuarantineEntry } from "../pipeline/quarantine.js";
import type { ResourceSet } from "../resources/types.js";
import type { NackRecord } from "../xds/nack.js";
import { blameForNack, SnapshotHistory } from "./nack-attribution.js";

const MAX_NACKS = 50;

export interface NackVerdict {
  /** The resources the NACK is put down to; empty when nothing narrows it down. */
  readonly blamed: readonly ResourceRef[];
}

export class NackBook {
  private readonly history = new SnapshotHistory();
  private readonly quarantined = new Map<string, QuarantineEntry>();
  /** The latest NACK per type, until Envoy ACKs another version of that type. */
  private readonly open = new Map<string, NackRecord>();
  private recent: readonly NackRecord[] = [];

  /** Resources left out of translations while their content is unchanged. */
  get quarantine(): Quarantine {
    return this.quarantined;
  }

  /** Remembers what a published snapshot was built from, to compare a later NACK with. */
  published(serial: number, resources: ResourceSet): void {
    this.history.record(serial, { fingerprints: fingerprints(resources), resources });
  }

  acked(typeUrl: string, version: string): void {
    if (this.open.get(typeUrl)?.version !== version) this.open.delete(typeUrl);
  }

  /** Records a NACK and quarantines the resources blamed for it (`lastGood`: serial Envoy last ACKed for the type). */
  nacked(rec: NackRecord, lastGood: number | undefined): NackVerdict {
    this.recent = [rec, ...this.recent].slice(0, MAX_NACKS);
    this.open.set(rec.typeUrl, rec);
    const rejected = this.history.get(rec.serial);
    if (!rejected) return { blamed: [] };
    const blamed = blameForNack(rec, rejected, this.history.get(lastGood));
    for (const ref of blamed) {
      const fingerprint = rejected.fingerprints.get(refKey(ref));
      if (fingerprint !== undefined) this.quarantined.set(refKey(ref), { fingerprint, message: rec.message });
    }
    return { blamed };
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
