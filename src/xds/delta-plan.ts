// "What to send this delta client now": a pure function of the client's state and the target
// snapshot. Each response carries only what changed against what the client holds (per
// resource, by content hash) and the names it must drop. Ordering and keep rules are the
// SotW ones (`make-before-break.ts`): a removed cluster goes only once no ACKed route uses it.
import type { DeltaClientState, DeltaTypeState } from "./delta-client-state.js";
import { planInPushOrder, responseVersion } from "./make-before-break.js";
import { typeSnapshot, type Snapshot, type SnapshotResource } from "./snapshot.js";

export interface PlannedDelta {
  readonly typeUrl: string;
  /** `system_version_info`: the type's snapshot version, marked when kept resources are held. */
  readonly version: string;
  /** Serial of the snapshot the response comes from. */
  readonly serial: number;
  /** Added or changed resources, in name order; each one's version is its hash. */
  readonly resources: readonly SnapshotResource[];
  /** Names to drop (gone, or subscribed to but absent), in name order. */
  readonly removed: readonly string[];
  /** Everything the client holds once it applies the response, in name order. */
  readonly holds: ReadonlyMap<string, SnapshotResource>;
}

const NOTHING: ReadonlyMap<string, SnapshotResource> = new Map();

export function planDeltaResponses(client: DeltaClientState, snap: Snapshot): PlannedDelta[] {
  return planInPushOrder(client, snap, (ts, desired, keep, earlierBusy) => {
    const held = ts.sent?.resources ?? NOTHING;
    const updates: SnapshotResource[] = [];
    let stillHeld = 0;
    for (const r of desired) {
      const had = held.get(r.name);
      if (had) stillHeld++;
      if (had?.hash !== r.hash || ts.fresh.has(r.name)) updates.push(r);
    }
    // Everything held is still desired unless some held name was not met above.
    const gone = stillHeld === held.size ? [] : namesNotIn(held, desired);
    const target = typeSnapshot(snap, ts.typeUrl)?.resources ?? NOTHING;
    const missing = absentSubscriptions(ts, (name) => target.has(name) || keep.has(name) || held.has(name));
    const asked = !ts.answered || missing.length > 0 || updates.some((r) => ts.fresh.has(r.name));
    const changed = updates.length > 0 || gone.length > 0;
    if (!asked && (!changed || earlierBusy)) return undefined;
    return {
      typeUrl: ts.typeUrl,
      version: responseVersion(snap, ts.typeUrl, desired, keep),
      serial: snap.serial,
      resources: updates,
      removed: [...gone, ...missing].sort(),
      holds: new Map(desired.map((r) => [r.name, r])),
    };
  });
}

/** Names just subscribed to that do not exist: reported removed so the client stops waiting. */
function absentSubscriptions(ts: DeltaTypeState, exists: (name: string) => boolean): string[] {
  return [...ts.fresh].filter((name) => name !== "*" && !exists(name));
}

function namesNotIn(held: ReadonlyMap<string, SnapshotResource>, desired: readonly SnapshotResource[]): string[] {
  const wanted = new Set(desired.map((r) => r.name));
  return [...held.keys()].filter((name) => !wanted.has(name));
}
