// What the server knows about one delta xDS client (one stream), per type URL, and how a
// DeltaDiscoveryRequest changes it. Pure. The state has the SotW shape (the shared keep and
// ordering rules read both) with delta meanings:
//  - `sent.resources`: every resource the client holds once it applies the latest response,
//    ACKed or not; planning diffs the target against it, so a NACKed change is not resent.
//  - `acked.resources`: the set the client runs.
//  - `names` / `wildcard`: the subscription, changed by subscribe / unsubscribe lists.
import {
  answerResponse, emptyTypeState, refreshUpdatedClusters,
  type RequestOutcome, type SentResponse, type TypeState,
} from "./client-state.js";
import { isWildcardType } from "./resource-types.js";
import { typeSnapshot, type Snapshot, type SnapshotResource } from "./snapshot.js";

export interface DeltaTypeState extends TypeState {
  /** A response of this type went out on this stream: the first request is always answered. */
  readonly answered: boolean;
}

export interface DeltaClientState {
  readonly nodeId: string;
  readonly types: ReadonlyMap<string, DeltaTypeState>;
}

/** The parts of a DeltaDiscoveryRequest the protocol looks at. */
export interface DeltaRequest {
  readonly typeUrl: string;
  readonly subscribe: readonly string[];
  readonly unsubscribe: readonly string[];
  /** Name -> version the client already holds (first request of a type on a new stream). */
  readonly initialVersions: Readonly<Record<string, string>>;
  readonly responseNonce: string;
  readonly errorDetail?: { readonly message: string } | undefined;
}

/**
 * A new stream's starting point: what the node ACKed on earlier streams is assumed to run
 * until its first request of each type reports what it holds. Keeps make before break across
 * reconnects for the types the client has not asked for again yet.
 */
export function newDeltaClientState(nodeId: string, running: ReadonlyMap<string, SentResponse>): DeltaClientState {
  const types = new Map<string, DeltaTypeState>();
  for (const [typeUrl, acked] of running) types.set(typeUrl, { ...emptyDeltaState(typeUrl), acked });
  return { nodeId, types };
}

/** `snap` (the snapshot being served) lets reported versions be matched to known resources. */
export function applyDeltaRequest(state: DeltaClientState, req: DeltaRequest, snap: Snapshot | undefined): { state: DeltaClientState; outcome: RequestOutcome } {
  let ts = state.types.get(req.typeUrl) ?? emptyDeltaState(req.typeUrl);
  if (!ts.requested) ts = adoptInitialVersions(ts, req.initialVersions, snap);
  // Only the response in flight can be ACKed or NACKed; subscription changes count whatever the nonce.
  const current = ts.answered && ts.sent !== undefined && req.responseNonce === ts.sent.nonce;
  const unanswered: RequestOutcome = { kind: req.responseNonce === "" ? "request" : "stale" };
  const { next, outcome } = current ? answerResponse(ts, req.errorDetail) : { next: ts, outcome: unanswered };
  const types = new Map(state.types);
  types.set(req.typeUrl, changeSubscription(next, req));
  refreshUpdatedClusters(types, req.typeUrl, ts.acked, outcome);
  return { state: { ...state, types }, outcome };
}

/** The state after sending `response` (whose resources are all the client will hold). */
export function recordDeltaSent(state: DeltaClientState, typeUrl: string, response: SentResponse): DeltaClientState {
  const prev = state.types.get(typeUrl) ?? emptyDeltaState(typeUrl);
  const types = new Map(state.types);
  types.set(typeUrl, { ...prev, sent: response, inFlight: true, fresh: new Set(), answered: true });
  return { ...state, types };
}

function emptyDeltaState(typeUrl: string): DeltaTypeState {
  return { ...emptyTypeState(typeUrl), answered: false };
}

/**
 * What the client reports holding replaces what was assumed. Each reported resource is matched
 * by version (its content hash) to the copy remembered or served, which knows the clusters it
 * uses; an unknown one is held by name and version only.
 */
function adoptInitialVersions(ts: DeltaTypeState, initial: Readonly<Record<string, string>>, snap: Snapshot | undefined): DeltaTypeState {
  const remembered = ts.acked?.resources;
  const served = typeSnapshot(snap, ts.typeUrl)?.resources;
  const held = new Map<string, SnapshotResource>();
  for (const name of Object.keys(initial).sort()) {
    const version = initial[name]!;
    const known = [remembered?.get(name), served?.get(name)].find((r) => r?.hash === version);
    held.set(name, known ?? { name, typeUrl: ts.typeUrl, bytes: new Uint8Array(), hash: version, sources: [] });
  }
  const holding: SentResponse = { version: ts.acked?.version ?? "", nonce: "", serial: ts.acked?.serial ?? 0, resources: held };
  return { ...ts, acked: holding, sent: holding };
}

function changeSubscription(ts: DeltaTypeState, req: DeltaRequest): DeltaTypeState {
  // A first request that subscribes to nothing means "everything" for LDS and CDS.
  let wildcard = ts.wildcard || (!ts.requested && req.subscribe.length === 0 && isWildcardType(ts.typeUrl));
  const names = new Set(ts.names);
  const fresh = new Set(ts.fresh);
  for (const name of req.subscribe) {
    if (name === "*") wildcard = true;
    else {
      names.add(name);
      // Subscribing again asks for the resource again; a first request names what it holds.
      if (ts.requested || !(name in req.initialVersions)) fresh.add(name);
    }
  }
  for (const name of req.unsubscribe) {
    if (name === "*") wildcard = false;
    else {
      names.delete(name);
      fresh.delete(name);
    }
  }
  const next: DeltaTypeState = { ...ts, requested: true, wildcard, names, fresh };
  return req.unsubscribe.length === 0 ? next : forgetUnsubscribed(next);
}

/** The client drops what it no longer subscribes to: so does the view of what it holds. */
function forgetUnsubscribed(ts: DeltaTypeState): DeltaTypeState {
  if (ts.wildcard) return ts;
  const keep = (r: SentResponse | undefined): SentResponse | undefined =>
    r && { ...r, resources: new Map([...r.resources].filter(([name]) => ts.names.has(name))) };
  const sent = keep(ts.sent);
  // The two are often one object: keep them one, so "nothing in flight" still reads the same.
  const acked = ts.acked === ts.sent ? sent : keep(ts.acked);
  return { ...ts, sent, acked };
}
