// What the server knows about one ADS client (one stream), per type URL, and how a
// DiscoveryRequest changes it. Pure: the stream owns the state, this file only computes it.
import { isWildcardType, TYPE_URLS } from "./resource-types.js";
import type { SnapshotResource } from "./snapshot.js";

/** One response as sent on the stream. */
export interface SentResponse {
  readonly version: string;
  readonly nonce: string;
  /** Serial of the snapshot the response was planned from. */
  readonly serial: number;
  /** By name, in name order. */
  readonly resources: ReadonlyMap<string, SnapshotResource>;
}

export interface TypeState {
  readonly typeUrl: string;
  /** The client asked for the type on this stream (a type can be known only from memory). */
  readonly requested: boolean;
  readonly wildcard: boolean;
  /** Names subscribed explicitly (besides the wildcard). */
  readonly names: ReadonlySet<string>;
  /** The client named resources once: from then on an empty list no longer means wildcard. */
  readonly explicit: boolean;
  /** Subscribed since the last response ("*" for a new wildcard): sent even when unchanged. */
  readonly fresh: ReadonlySet<string>;
  /** The latest response of this type; answered (ACK or NACK) unless `inFlight`. */
  readonly sent?: SentResponse;
  readonly inFlight: boolean;
  /** The last response the client ACKed: what it runs. */
  readonly acked?: SentResponse;
}

export interface ClientState {
  readonly nodeId: string;
  readonly types: ReadonlyMap<string, TypeState>;
}

/** The parts of a DiscoveryRequest the protocol looks at. */
export interface SotwRequest {
  readonly typeUrl: string;
  readonly resourceNames: readonly string[];
  readonly responseNonce: string;
  readonly errorDetail?: { readonly message: string } | undefined;
}

export type RequestOutcome =
  | { readonly kind: "stale" }
  | { readonly kind: "request" }
  | { readonly kind: "ack"; readonly response: SentResponse }
  | { readonly kind: "nack"; readonly rejected: SentResponse; readonly lastGood?: SentResponse; readonly message: string };

export function newClientState(nodeId: string): ClientState {
  return { nodeId, types: new Map() };
}

export function applyRequest(state: ClientState, req: SotwRequest): { state: ClientState; outcome: RequestOutcome } {
  const prev = state.types.get(req.typeUrl) ?? emptyTypeState(req.typeUrl);
  // A response the client had not seen yet when it sent this request supersedes it.
  if (prev.sent && req.responseNonce !== prev.sent.nonce) return { state, outcome: { kind: "stale" } };
  const { next: answered, outcome } = answerResponse(prev, req.errorDetail);
  const next = subscribe({ ...answered, requested: true }, req.resourceNames);
  const types = new Map(state.types);
  types.set(req.typeUrl, next);
  refreshUpdatedClusters(types, req.typeUrl, prev.acked, outcome);
  return { state: { ...state, types }, outcome };
}

/**
 * An updated EDS cluster warms again and waits for its load assignment, which the client does
 * not ask for again: once a CDS response is answered, mark the load assignments of the
 * clusters it updated to be resent (unchanged or not). Also after a NACK, as Envoy applies the
 * clusters it accepted. Load assignments are named after their cluster.
 */
export function refreshUpdatedClusters<T extends TypeState>(types: Map<string, T>, typeUrl: string, before: SentResponse | undefined, outcome: RequestOutcome): void {
  if (typeUrl !== TYPE_URLS.cluster || (outcome.kind !== "ack" && outcome.kind !== "nack")) return;
  const applied = outcome.kind === "ack" ? outcome.response : outcome.rejected;
  const eds = types.get(TYPE_URLS.endpoint);
  if (!eds || !before) return;
  const fresh = new Set(eds.fresh);
  for (const [name, r] of applied.resources) {
    const old = before.resources.get(name);
    if (old && old.hash !== r.hash && eds.names.has(name)) fresh.add(name);
  }
  if (fresh.size !== eds.fresh.size) types.set(TYPE_URLS.endpoint, { ...eds, fresh });
}

/** Applies the ACK or NACK (by `errorDetail`) a request carries for the response in flight, if any. */
export function answerResponse<T extends TypeState>(ts: T, errorDetail: { readonly message: string } | undefined): { next: T; outcome: RequestOutcome } {
  if (!ts.sent || !ts.inFlight) return { next: ts, outcome: { kind: "request" } };
  if (errorDetail) {
    const outcome: RequestOutcome = { kind: "nack", rejected: ts.sent, message: errorDetail.message, ...(ts.acked ? { lastGood: ts.acked } : {}) };
    return { next: { ...ts, inFlight: false }, outcome };
  }
  return { next: { ...ts, inFlight: false, acked: ts.sent }, outcome: { kind: "ack", response: ts.sent } };
}

function subscribe(ts: TypeState, requested: readonly string[]): TypeState {
  const explicitNames = requested.filter((n) => n !== "*");
  const explicit = ts.explicit || explicitNames.length > 0;
  const wildcard = requested.includes("*") || (requested.length === 0 && !explicit && isWildcardType(ts.typeUrl));
  const names = new Set(explicitNames);
  const fresh = new Set(ts.fresh);
  for (const n of names) if (!ts.names.has(n)) fresh.add(n);
  if (wildcard && !ts.wildcard) fresh.add("*");
  return { ...ts, wildcard, names, explicit, fresh };
}

export function emptyTypeState(typeUrl: string): TypeState {
  return { typeUrl, requested: false, wildcard: false, names: new Set(), explicit: false, fresh: new Set(), inFlight: false };
}

/**
 * A new stream's starting point: what the node ACKed on earlier streams, assumed to be what it
 * runs until its first request of each type says otherwise (see `confirmRunning`).
 */
export function seedRunning(state: ClientState, running: ReadonlyMap<string, SentResponse>): ClientState {
  const types = new Map(state.types);
  for (const [typeUrl, acked] of running) if (!types.has(typeUrl)) types.set(typeUrl, { ...emptyTypeState(typeUrl), acked });
  return { ...state, types };
}

/** Drops the assumed running config of a type when the client's first request reports another version. */
export function confirmRunning(state: ClientState, typeUrl: string, version: string): ClientState {
  const ts = state.types.get(typeUrl);
  if (!ts || ts.requested || !ts.acked || ts.acked.version === version) return state;
  const types = new Map(state.types);
  types.set(typeUrl, { ...ts, acked: undefined });
  return { ...state, types };
}

/** The state after sending `response`: in flight until answered; fresh subscriptions served. */
export function recordSent(state: ClientState, typeUrl: string, response: SentResponse): ClientState {
  const prev = state.types.get(typeUrl) ?? emptyTypeState(typeUrl);
  const types = new Map(state.types);
  types.set(typeUrl, { ...prev, sent: response, inFlight: true, fresh: new Set() });
  return { ...state, types };
}
