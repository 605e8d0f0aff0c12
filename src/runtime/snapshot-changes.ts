// What one published snapshot changes for Envoy, per type: the resources added, removed and
// changed (by content hash). Pure; the reconfiguration log line is made of it.
import { TYPE_URLS } from "../xds/resource-types.js";
import type { Snapshot } from "../xds/snapshot.js";
import type { ResourceType } from "../envoy/types.js";

export interface TypeChanges {
  readonly added: number;
  readonly removed: number;
  readonly changed: number;
}

export type SnapshotChanges = Readonly<Record<ResourceType, TypeChanges>>;

const TYPES = Object.keys(TYPE_URLS) as ResourceType[]; // cast: the keys of a literal record

export function snapshotChanges(prev: Snapshot | undefined, next: Snapshot): SnapshotChanges {
  const out = {} as Record<ResourceType, TypeChanges>; // cast: filled for every type below
  for (const t of TYPES) {
    const before = prev?.types[TYPE_URLS[t]].resources ?? new Map();
    const after = next.types[TYPE_URLS[t]].resources;
    let added = 0;
    let changed = 0;
    for (const [name, r] of after) {
      const old = before.get(name);
      if (!old) added++;
      else if (old.hash !== r.hash) changed++;
    }
    let removed = 0;
    for (const name of before.keys()) if (!after.has(name)) removed++;
    out[t] = { added, removed, changed };
  }
  return out;
}

/** Log fields: `listeners="+1 -0 ~2"` per type that changed, in push order's names. */
export function changeFields(c: SnapshotChanges): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of TYPES) {
    const x = c[t];
    if (x.added || x.removed || x.changed) out[`${t}s`] = `+${x.added} -${x.removed} ~${x.changed}`;
  }
  return out;
}
