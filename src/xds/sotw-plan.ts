// "What to send this client now": a pure function of the client's state and the target
// snapshot, so the protocol's ordering rules are testable without gRPC.
//
// Make before break, per stream: types go out in PUSH_ORDER (CDS, EDS, LDS, RDS, SDS). A type
// whose content changed waits while an earlier type has a response in flight, so a route
// never reaches Envoy before the clusters it uses. Clusters (and their load assignments) that
// the client's current routes still use are kept in CDS/EDS even when the target dropped them;
// they go once the route update that stopped using them is ACKed.
import { PUSH_ORDER, TYPE_URLS } from "../envoy/types.js";
import type { ClientState, TypeState } from "./client-state.js";
import { versionOf, type Snapshot, type SnapshotResource } from "./snapshot.js";

export interface PlannedResponse {
  readonly typeUrl: string;
  readonly version: string;
  /** Serial of the snapshot the response comes from. */
  readonly serial: number;
  /** In name order, no duplicates. */
  readonly resources: readonly SnapshotResource[];
}

type Kept = ReadonlyMap<string, ReadonlyMap<string, SnapshotResource>>;

export function planResponses(client: ClientState, snap: Snapshot): PlannedResponse[] {
  const kept = keptResources(client, snap);
  const out: PlannedResponse[] = [];
  let earlierBusy = false;
  for (const typeUrl of typeOrder(client)) {
    const ts = client.types.get(typeUrl);
    if (!ts?.requested) continue;
    if (ts.inFlight) {
      earlierBusy = true;
      continue;
    }
    const keep = kept.get(typeUrl) ?? new Map<string, SnapshotResource>();
    const resources = desiredResources(ts, snap, keep);
    const reason = whySend(ts, resources);
    if (reason === "none" || (reason === "change" && earlierBusy)) continue;
    out.push({ typeUrl, version: responseVersion(snap, typeUrl, resources, keep), serial: snap.serial, resources });
    earlierBusy = true;
  }
  return out;
}

/** Push order first, then any other type the client asked for (e.g. unknown ones), by name. */
function typeOrder(client: ClientState): string[] {
  const ordered: string[] = PUSH_ORDER.map((t) => TYPE_URLS[t]);
  const others = [...client.types.keys()].filter((u) => !ordered.includes(u)).sort();
  return [...ordered, ...others];
}

/**
 * Clusters and load assignments the client must keep although the target lacks them: those
 * used by the listeners and routes it runs (ACKed) or may be applying (in flight).
 */
function keptResources(client: ClientState, snap: Snapshot): Kept {
  const used = new Set<string>();
  for (const typeUrl of [TYPE_URLS.listener, TYPE_URLS.route]) {
    const ts = client.types.get(typeUrl);
    for (const r of liveResources(ts)) for (const c of r.refs ?? []) used.add(c);
  }
  return new Map([
    [TYPE_URLS.cluster, keepFrom(client.types.get(TYPE_URLS.cluster), snap, TYPE_URLS.cluster, used)],
    [TYPE_URLS.endpoint, keepFrom(client.types.get(TYPE_URLS.endpoint), snap, TYPE_URLS.endpoint, used)],
  ]);
}

function liveResources(ts: TypeState | undefined): SnapshotResource[] {
  if (!ts) return [];
  const live = [...(ts.acked?.resources.values() ?? [])];
  if (ts.inFlight && ts.sent) live.push(...ts.sent.resources.values());
  return live;
}

function keepFrom(ts: TypeState | undefined, snap: Snapshot, typeUrl: string, used: ReadonlySet<string>): Map<string, SnapshotResource> {
  const keep = new Map<string, SnapshotResource>();
  const target = snap.types[typeUrl]?.resources;
  // After a NACK the ACKed copy is the good one; otherwise the latest sent is what the client has.
  const sources = ts?.inFlight || ts?.sent === ts?.acked ? [ts?.sent, ts?.acked] : [ts?.acked, ts?.sent];
  const gone = [...used].filter((name) => !target?.has(name)).sort();
  for (const name of gone) {
    const had = sources[0]?.resources.get(name) ?? sources[1]?.resources.get(name);
    if (had) keep.set(name, had);
  }
  return keep;
}

/** The client's subscription applied to the target (plus kept resources), in name order. */
function desiredResources(ts: TypeState, snap: Snapshot, keep: ReadonlyMap<string, SnapshotResource>): SnapshotResource[] {
  const target = snap.types[ts.typeUrl]?.resources ?? new Map<string, SnapshotResource>();
  // Snapshot maps are in name order: walking the target keeps that order without sorting.
  const out: SnapshotResource[] = [];
  for (const r of target.values()) if (ts.wildcard || ts.names.has(r.name)) out.push(r);
  const kept = [...keep.values()].filter((r) => !target.has(r.name) && (ts.wildcard || ts.names.has(r.name)));
  if (kept.length === 0) return out;
  return [...out, ...kept].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
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

function responseVersion(snap: Snapshot, typeUrl: string, resources: readonly SnapshotResource[], keep: ReadonlyMap<string, SnapshotResource>): string {
  const base = snap.types[typeUrl]?.version ?? versionOf([]);
  const keptHere = resources.filter((r) => keep.get(r.name) === r);
  return keptHere.length === 0 ? base : `${base}+keep.${versionOf(keptHere)}`;
}
