// "What to send this client now" for state of the world: a pure function of the client's
// state and the target snapshot, so the protocol's ordering rules are testable without gRPC.
// The ordering and keep rules themselves are shared with delta (`make-before-break.ts`).
import type { ClientState, TypeState } from "./client-state.js";
import { planInPushOrder, responseVersion } from "./make-before-break.js";
import type { Snapshot, SnapshotResource } from "./snapshot.js";

export interface PlannedResponse {
  readonly typeUrl: string;
  readonly version: string;
  /** Serial of the snapshot the response comes from. */
  readonly serial: number;
  /** In name order, no duplicates. */
  readonly resources: readonly SnapshotResource[];
}

export function planResponses(client: ClientState, snap: Snapshot): PlannedResponse[] {
  return planInPushOrder(client, snap, (ts, resources, keep, earlierBusy) => {
    const reason = whySend(ts, resources);
    if (reason === "none" || (reason === "change" && earlierBusy)) return undefined;
    return { typeUrl: ts.typeUrl, version: responseVersion(snap, ts.typeUrl, resources, keep), serial: snap.serial, resources };
  });
}

type Reason = "none" | "subscription" | "change";

function whySend(ts: TypeState, resources: readonly SnapshotResource[]): Reason {
  if (!ts.sent) return "subscription"; // first request of the type: always answered
  if (ts.fresh.has("*") || resources.some((r) => ts.fresh.has(r.name))) return "subscription";
  return sameContent(resources, ts.sent.resources) ? "none" : "change";
}

/** Same names with the same content; no string building, as sets can hold thousands. */
function sameContent(resources: readonly SnapshotResource[], sent: ReadonlyMap<string, SnapshotResource>): boolean {
  return resources.length === sent.size && resources.every((r) => sent.get(r.name)?.hash === r.hash);
}
