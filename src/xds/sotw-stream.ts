// One state-of-the-world ADS stream: applies each request to the client's state, reports ACKs
// and NACKs, and sends what `planResponses` decides whenever a request or a snapshot arrives.
import type { ServerDuplexStream } from "@grpc/grpc-js";
import { create } from "@bufbuild/protobuf";
import { AnySchema } from "@bufbuild/protobuf/wkt";
import { DiscoveryResponseSchema, type DiscoveryRequest, type DiscoveryResponse } from "#gen/envoy/service/discovery/v3/discovery_pb.js";
import { applyRequest, confirmRunning, newClientState, recordSent, seedRunning, type ClientState } from "./client-state.js";
import { planResponses, type PlannedResponse } from "./sotw-plan.js";
import { CONTROL_PLANE_ID, nonceSource, reportOutcome, runStream, type StreamDeps, type StreamSession } from "./stream-session.js";

export type SotwCall = ServerDuplexStream<DiscoveryRequest, DiscoveryResponse>;
export type { StreamDeps } from "./stream-session.js";

export function serveSotwStream(call: SotwCall, deps: StreamDeps): void {
  runStream(call, deps, (nodeId) => sotwSession(call, deps, nodeId));
}

function sotwSession(call: SotwCall, deps: StreamDeps, nodeId: string): StreamSession<DiscoveryRequest> {
  let client: ClientState = seedRunning(newClientState(nodeId), deps.memory.recall(nodeId));
  const nextNonce = nonceSource(deps.streamId);

  const pump = (): void => {
    const snap = deps.cache.snapshotFor(nodeId);
    if (!snap) return;
    for (const planned of planResponses(client, snap)) {
      const nonce = nextNonce();
      client = recordSent(client, planned.typeUrl, {
        version: planned.version,
        nonce,
        serial: planned.serial,
        resources: new Map(planned.resources.map((r) => [r.name, r])),
      });
      call.write(toResponse(planned, nonce));
      deps.status.traffic({ kind: "push", nodeId, typeUrl: planned.typeUrl, mode: deps.mode });
    }
  };

  const handle = (req: DiscoveryRequest): void => {
    client = confirmRunning(client, req.typeUrl, req.versionInfo);
    const applied = applyRequest(client, {
      typeUrl: req.typeUrl,
      resourceNames: req.resourceNames,
      responseNonce: req.responseNonce,
      errorDetail: req.errorDetail,
    });
    client = applied.state;
    reportOutcome(deps, nodeId, req.typeUrl, applied.outcome);
    if (applied.outcome.kind !== "stale") pump();
  };

  return { handle, pump };
}

function toResponse(planned: PlannedResponse, nonce: string): DiscoveryResponse {
  return create(DiscoveryResponseSchema, {
    versionInfo: planned.version,
    typeUrl: planned.typeUrl,
    nonce,
    // The snapshot holds each resource encoded once: wrap those bytes, never re-encode.
    resources: planned.resources.map((r) => create(AnySchema, { typeUrl: r.typeUrl, value: r.bytes })),
    controlPlane: { identifier: CONTROL_PLANE_ID },
  });
}
