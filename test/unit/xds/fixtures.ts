// Hand-made snapshots and a tiny protocol driver for the pure send-decision tests.
import { TYPE_URLS, type XdsTypeUrl } from "../../../src/xds/resource-types.js";
import { versionOf, type Snapshot, type SnapshotResource } from "../../../src/xds/snapshot.js";
import { applyRequest, recordSent, type ClientState, type RequestOutcome } from "../../../src/xds/client-state.js";
import { planResponses, type PlannedResponse } from "../../../src/xds/sotw-plan.js";

export const CDS = TYPE_URLS.cluster;
export const EDS = TYPE_URLS.endpoint;
export const LDS = TYPE_URLS.listener;
export const RDS = TYPE_URLS.route;
export const SDS = TYPE_URLS.secret;

/** A resource whose content is stood for by `content` (its hash). */
export function res(typeUrl: string, name: string, content: string, refs?: string[]): SnapshotResource {
  return {
    name,
    typeUrl,
    bytes: new TextEncoder().encode(content),
    hash: `${name}:${content}`,
    sources: [{ kind: "Mapping", namespace: "default", name: `m-${name}`, location: { file: "m.yaml", line: 3 } }],
    ...(refs ? { refs } : {}),
  };
}

export function snapshot(serial: number, byType: Partial<Record<XdsTypeUrl, SnapshotResource[]>>): Snapshot {
  const typeSnap = (typeUrl: XdsTypeUrl) => {
    const list = [...(byType[typeUrl] ?? [])].sort((a, b) => (a.name < b.name ? -1 : 1));
    return { version: versionOf(list), resources: new Map(list.map((r) => [r.name, r])) };
  };
  return { serial, types: { [CDS]: typeSnap(CDS), [EDS]: typeSnap(EDS), [LDS]: typeSnap(LDS), [RDS]: typeSnap(RDS), [SDS]: typeSnap(SDS) } };
}

/** Route r on cluster A; `ROUTE_MOVED` moves it to the new cluster B and drops A. */
export const ROUTE_ON_A = snapshot(1, {
  [CDS]: [res(CDS, "A", "a1")],
  [EDS]: [res(EDS, "A", "ea1")],
  [LDS]: [res(LDS, "l", "l1", [])],
  [RDS]: [res(RDS, "r", "r->A", ["A"])],
});
export const ROUTE_MOVED = snapshot(2, {
  [CDS]: [res(CDS, "B", "b1")],
  [EDS]: [res(EDS, "B", "eb1")],
  [LDS]: [res(LDS, "l", "l1", [])],
  [RDS]: [res(RDS, "r", "r->B", ["B"])],
});

/** Drives a ClientState the way a stream does, assigning nonces. */
export class Driver {
  private n = 0;
  constructor(public client: ClientState) {}

  /** A request echoing the latest nonce of the type (an ACK, or a NACK with `error`). */
  request(typeUrl: string, names: string[], error?: string, nonce?: string): RequestOutcome {
    const ts = this.client.types.get(typeUrl);
    const out = applyRequest(this.client, {
      typeUrl,
      resourceNames: names,
      responseNonce: nonce ?? ts?.sent?.nonce ?? "",
      ...(error ? { errorDetail: { message: error } } : {}),
    });
    this.client = out.state;
    return out.outcome;
  }

  /** Plans against `snap` and records what was sent. */
  push(snap: Snapshot): PlannedResponse[] {
    const planned = planResponses(this.client, snap);
    for (const p of planned) {
      this.client = recordSent(this.client, p.typeUrl, {
        version: p.version,
        nonce: `n${++this.n}`,
        serial: p.serial,
        resources: new Map(p.resources.map((r) => [r.name, r])),
      });
    }
    return planned;
  }
}

/** `type -> names` of planned responses, e.g. ["CDS a,b", "EDS a"]. */
export function summary(planned: readonly PlannedResponse[]): string[] {
  const short: Record<string, string> = { [CDS]: "CDS", [EDS]: "EDS", [LDS]: "LDS", [RDS]: "RDS" };
  return planned.map((p) => `${short[p.typeUrl] ?? p.typeUrl} ${p.resources.map((r) => r.name).join(",")}`.trimEnd());
}
