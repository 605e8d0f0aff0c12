// Which resources to blame for a NACK. First choice: of the resources behind the rejected Envoy
// resources, those whose content changed since the snapshot Envoy last accepted for that type.
// When that cannot narrow it down (no accepted snapshot yet, or nothing changed), the ones
// whose own values Envoy quotes in its error message ('...'). Otherwise nobody: better to
// report than to quarantine a good resource.
import { refKey, type ResourceRef } from "../core/diagnostics.js";
import type { Resource, ResourceSet } from "../resources/types.js";
import { rawNackMessage, type NackRecord } from "../xds/nack.js";

export type Fingerprints = ReadonlyMap<string, string>;

export interface HistoryEntry {
  readonly fingerprints: Fingerprints;
  readonly resources: ResourceSet;
}

export function blameForNack(rec: Pick<NackRecord, "sources" | "message">, rejected: HistoryEntry, lastGood: HistoryEntry | undefined): ResourceRef[] {
  const changed = lastGood ? changedSince(rec.sources, rejected.fingerprints, lastGood.fingerprints) : [];
  // The raw text: the quoted values are exactly what redaction removes from the shown one.
  return changed.length ? changed : quotedIn(rawNackMessage(rec), rec.sources, rejected.resources);
}

function changedSince(sources: readonly ResourceRef[], now: Fingerprints, before: Fingerprints): ResourceRef[] {
  return sources.filter((ref) => {
    const fp = now.get(refKey(ref));
    return fp !== undefined && fp !== before.get(refKey(ref));
  });
}

// Envoy quotes the offending value: "regex '/a(b|c){40}' RE2 program size of 413 > ...".
function quotedIn(message: string, sources: readonly ResourceRef[], resources: ResourceSet): ResourceRef[] {
  const quoted = [...message.matchAll(/'([^']{4,})'/g)].flatMap((m) => (m[1] === undefined ? [] : [m[1]]));
  if (quoted.length === 0) return [];
  const byKey = new Map<string, Resource>(
    [...resources.mappings, ...resources.hosts, ...resources.listeners].map((r) => [refKey(r.meta.ref), r]),
  );
  return sources.filter((ref) => {
    const r = byKey.get(refKey(ref));
    return r !== undefined && stringsOf("spec" in r ? r.spec : {}).some((v) => quoted.some((q) => q === v || (v.length >= 8 && q.includes(v))));
  });
}

function stringsOf(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(stringsOf);
  if (value && typeof value === "object") return Object.values(value).flatMap(stringsOf);
  return [];
}

/** Remembers what stood behind the last few snapshots, by serial. */
export class SnapshotHistory {
  private readonly entries = new Map<number, HistoryEntry>();

  // A NACK names the snapshot it rejected and compares with the last one ACKed; both are
  // among the newest few, and each entry holds a whole resource set, so keep few.
  constructor(private readonly limit = 8) {}

  record(serial: number, entry: HistoryEntry): void {
    this.entries.set(serial, entry);
    for (const key of this.entries.keys()) {
      if (this.entries.size <= this.limit) break;
      this.entries.delete(key);
    }
  }

  get(serial: number | undefined): HistoryEntry | undefined {
    return serial === undefined ? undefined : this.entries.get(serial);
  }
}
