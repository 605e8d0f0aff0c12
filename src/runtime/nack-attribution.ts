// Which resources to blame for a NACK: of the resources behind the rejected Envoy resources,
// those whose content changed since the snapshot Envoy last accepted for that type. Without
// an accepted snapshot to compare with, nothing can be narrowed down and nobody is blamed.
import { refKey, type ResourceRef } from "../resources/diagnostics.js";

export type Fingerprints = ReadonlyMap<string, string>;

export function blameForNack(sources: readonly ResourceRef[], rejected: Fingerprints, lastGood: Fingerprints | undefined): ResourceRef[] {
  if (!lastGood) return [];
  return sources.filter((ref) => {
    const now = rejected.get(refKey(ref));
    return now !== undefined && now !== lastGood.get(refKey(ref));
  });
}

/** Remembers the resource fingerprints behind the last few snapshots, by serial. */
export class SnapshotHistory {
  private readonly entries = new Map<number, Fingerprints>();

  constructor(private readonly limit = 32) {}

  record(serial: number, fingerprints: Fingerprints): void {
    this.entries.set(serial, fingerprints);
    for (const key of this.entries.keys()) {
      if (this.entries.size <= this.limit) break;
      this.entries.delete(key);
    }
  }

  fingerprints(serial: number | undefined): Fingerprints | undefined {
    return serial === undefined ? undefined : this.entries.get(serial);
  }
}
