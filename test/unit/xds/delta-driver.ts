// Drives a DeltaClientState the way the delta stream does, for the pure plan tests.
import type { RequestOutcome } from "../../../src/xds/client-state.js";
import { applyDeltaRequest, newDeltaClientState, recordDeltaSent, type DeltaClientState } from "../../../src/xds/delta-client-state.js";
import { planDeltaResponses, type PlannedDelta } from "../../../src/xds/delta-plan.js";
import type { SentResponse } from "../../../src/xds/client-state.js";
import type { Snapshot } from "../../../src/xds/snapshot.js";
import { CDS, EDS, LDS, RDS } from "./fixtures.js";

export interface DeltaAsk {
  readonly subscribe?: string[];
  readonly unsubscribe?: string[];
  readonly initial?: Record<string, string>;
  readonly error?: string;
  /** Default: the nonce of the latest response of the type (an ACK or NACK of it). */
  readonly nonce?: string;
}

export class DeltaDriver {
  private n = 0;
  client: DeltaClientState;

  constructor(nodeId = "node-1", running: ReadonlyMap<string, SentResponse> = new Map(), private snap?: Snapshot) {
    this.client = newDeltaClientState(nodeId, running);
  }

  request(typeUrl: string, ask: DeltaAsk = {}): RequestOutcome {
    const out = applyDeltaRequest(this.client, {
      typeUrl,
      subscribe: ask.subscribe ?? [],
      unsubscribe: ask.unsubscribe ?? [],
      initialVersions: ask.initial ?? {},
      responseNonce: ask.nonce ?? this.client.types.get(typeUrl)?.sent?.nonce ?? "",
      ...(ask.error ? { errorDetail: { message: ask.error } } : {}),
    }, this.snap);
    this.client = out.state;
    return out.outcome;
  }

  push(snap: Snapshot): PlannedDelta[] {
    this.snap = snap;
    const planned = planDeltaResponses(this.client, snap);
    for (const p of planned) {
      this.client = recordDeltaSent(this.client, p.typeUrl, { version: p.version, nonce: `d${++this.n}`, serial: p.serial, resources: p.holds });
    }
    return planned;
  }
}

/** `type +added -removed` of planned responses, e.g. ["CDS +A,B -C"]. */
export function deltaSummary(planned: readonly PlannedDelta[]): string[] {
  const short: Record<string, string> = { [CDS]: "CDS", [EDS]: "EDS", [LDS]: "LDS", [RDS]: "RDS" };
  return planned.map((p) => {
    const added = p.resources.length ? ` +${p.resources.map((r) => r.name).join(",")}` : "";
    const removed = p.removed.length ? ` -${p.removed.join(",")}` : "";
    return `${short[p.typeUrl] ?? p.typeUrl}${added}${removed}`;
  });
}
