// The ordering and keep rules both ADS flavours (state of the world and delta) plan with.
//
// Make before break, per stream: types go out in push order (CDS, EDS, LDS, RDS, SDS; see
// `XDS_TYPES`). A type whose content changed waits while an earlier type has a response in
// flight, so a route never reaches Envoy before the clusters it uses. Resources that the
// client's current resources still use (clusters and their load assignments used by routes,
// secrets used by listeners and clusters) are kept even when the target dropped them; they go
// once the update that stopped using them is ACKed.
import type { SentResponse } from "./client-state.js";
import { PUSH_ORDER, referenced, XDS_TYPES, type RefList } from "./resource-types.js";
import { typeSnapshot, versionOf, type Snapshot, type SnapshotResource } from "./snapshot.js";

/** What the keep and ordering rules read of a type's state (see `TypeState`). */
export interface PlanTypeState {
  readonly typeUrl: string;
  readonly wildcard: boolean;
  readonly names: ReadonlySet<string>;
  readonly sent?: SentResponse;
  readonly inFlight: boolean;
  readonly acked?: SentResponse;
}

export interface PlanClient<T extends PlanTypeState = PlanTypeState> {
  readonly types: ReadonlyMap<string, T>;
}

/** Decides one type's response, given its desired resources; undefined sends nothing. */
export type PlanType<T, R> = (ts: T, desired: readonly SnapshotResource[], keep: ReadonlyMap<string, SnapshotResource>, earlierBusy: boolean) => R | undefined;

/**
 * Walks the requested types in push order and collects `plan`'s responses. A type with a
 * response in flight, or one just planned, makes the later ones "busy": they may answer new
 * subscriptions but must hold back changes.
 */
export function planInPushOrder<T extends PlanTypeState & { readonly requested: boolean }, R>(client: PlanClient<T>, snap: Snapshot, plan: PlanType<T, R>): R[] {
  const kept = keptResources(client, snap);
  const out: R[] = [];
  let earlierBusy = false;
  for (const typeUrl of typeOrder(client)) {
    const ts = client.types.get(typeUrl);
    if (!ts?.requested) continue;
    if (ts.inFlight) {
      earlierBusy = true;
      continue;
    }
    const keep = kept.get(typeUrl) ?? new Map<string, SnapshotResource>();
    const planned = plan(ts, desiredResources(ts, snap, keep), keep, earlierBusy);
    if (planned === undefined) continue;
    out.push(planned);
    earlierBusy = true;
  }
  return out;
}

/** By type URL: resources to keep although the target lacks them. */
export type Kept = ReadonlyMap<string, ReadonlyMap<string, SnapshotResource>>;

/** Push order first, then any other type the client asked for (e.g. unknown ones), by name. */
export function typeOrder(client: PlanClient): string[] {
  const ordered: string[] = [...PUSH_ORDER];
  const others = [...client.types.keys()].filter((u) => !ordered.includes(u)).sort();
  return [...ordered, ...others];
}

/**
 * Resources the client must keep although the target lacks them: those named by the resources
 * it runs (ACKed) or may be applying (in flight), per the reference lists of `XDS_TYPES`.
 */
export function keptResources(client: PlanClient, snap: Snapshot): Kept {
  const used: Record<RefList, Set<string>> = { refs: new Set(), secretRefs: new Set() };
  for (const t of XDS_TYPES) {
    if (t.uses.length === 0) continue;
    const live = liveResources(client.types.get(t.typeUrl));
    for (const list of t.uses) for (const r of live) for (const name of referenced(r, list)) used[list].add(name);
  }
  const kept = new Map<string, ReadonlyMap<string, SnapshotResource>>();
  for (const t of XDS_TYPES) {
    if ("keptWhileIn" in t) kept.set(t.typeUrl, keepFrom(client.types.get(t.typeUrl), snap, t.typeUrl, used[t.keptWhileIn]));
  }
  return kept;
}

function liveResources(ts: PlanTypeState | undefined): SnapshotResource[] {
  if (!ts) return [];
  const live = [...(ts.acked?.resources.values() ?? [])];
  if (ts.inFlight && ts.sent) live.push(...ts.sent.resources.values());
  return live;
}

function keepFrom(ts: PlanTypeState | undefined, snap: Snapshot, typeUrl: string, used: ReadonlySet<string>): Map<string, SnapshotResource> {
  const keep = new Map<string, SnapshotResource>();
  const target = typeSnapshot(snap, typeUrl)?.resources;
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
export function desiredResources(ts: PlanTypeState, snap: Snapshot, keep: ReadonlyMap<string, SnapshotResource>): SnapshotResource[] {
  const target = typeSnapshot(snap, ts.typeUrl)?.resources ?? new Map<string, SnapshotResource>();
  // Snapshot maps are in name order: walking the target keeps that order without sorting.
  const out: SnapshotResource[] = [];
  for (const r of target.values()) if (ts.wildcard || ts.names.has(r.name)) out.push(r);
  const kept = [...keep.values()].filter((r) => !target.has(r.name) && (ts.wildcard || ts.names.has(r.name)));
  if (kept.length === 0) return out;
  return [...out, ...kept].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The type's snapshot version, marked when kept resources make the set differ from it. */
export function responseVersion(snap: Snapshot, typeUrl: string, resources: readonly SnapshotResource[], keep: ReadonlyMap<string, SnapshotResource>): string {
  const base = typeSnapshot(snap, typeUrl)?.version ?? versionOf([]);
  const keptHere = resources.filter((r) => keep.get(r.name) === r);
  return keptHere.length === 0 ? base : `${base}+keep.${versionOf(keptHere)}`;
}
