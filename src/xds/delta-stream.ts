// One delta (incremental) ADS stream: applies each request to the client's state, reports ACKs
// and NACKs like the SotW stream does, and sends what `planDeltaResponses` decides whenever a
// request or a snapshot arrives.
import type { ServerDuplexStream } from "@grpc/grpc-js";
import { create } from "@bufbuild/protobuf";
import { AnySchema } from "@bufbuild/protobuf/wkt";
import {
  DeltaDiscoveryResponseSchema, ResourceSchema, type DeltaDiscoveryRequest, type DeltaDiscoveryResponse,
} from "#gen/envoy/service/discovery/v3/discovery_pb.js";
import { applyDeltaRequest, newDeltaClientState, recordDeltaSent, type DeltaClientState } from "./delta-client-state.js";
import { planDeltaResponses, type PlannedDelta } from "./delta-plan.js";
import { CONTROL_PLANE_ID, nonceSource, reportOutcome, runStream, type StreamDeps, type StreamSession } from "./stream-session.js";

export type DeltaCall = ServerDuplexStream<DeltaDiscoveryRequest, DeltaDiscoveryResponse>;

export function serveDeltaStream(call: DeltaCall, deps: StreamDeps): void {
  runStream(call, deps, (nodeId) => deltaSession(call, deps, nodeId));
}

function deltaSession(call: DeltaCall, deps: StreamDeps, nodeId: string): StreamSession<DeltaDiscoveryRequest> {
  let client: DeltaClientState = newDeltaClientState(nodeId, deps.memory.recall(nodeId));
  const nextNonce = nonceSource(deps.streamId);

  const pump = (): void => {
    const snap = deps.cache.snapshotFor(nodeId);
    if (!snap) return;
    for (const planned of planDeltaResponses(client, snap)) {
      const nonce = nextNonce();
      client = recordDeltaSent(client, planned.typeUrl, { version: planned.version, nonce, serial: planned.serial, resources: planned.holds });
      call.write(toResponse(planned, nonce));
      deps.status.traffic({ kind: "push", nodeId, typeUrl: planned.typeUrl, mode: deps.mode });
    }
  };

  const handle = (req: DeltaDiscoveryRequest): void => {
    const applied = applyDeltaRequest(client, {
      typeUrl: req.typeUrl,
      subscribe: req.resourceNamesSubscribe,
      unsubscribe: req.resourceNamesUnsubscribe,
      initialVersions: req.initialResourceVersions,
      responseNonce: req.responseNonce,
      errorDetail: req.errorDetail,
    }, deps.cache.snapshotFor(nodeId));
    client = applied.state;
    reportOutcome(deps, nodeId, req.typeUrl, applied.outcome);
    // Unlike SotW, a stale request still counts: its subscription changes may need answering.
    pump();
  };

  return { handle, pump };
}

function toResponse(planned: PlannedDelta, nonce: string): DeltaDiscoveryResponse {
  return create(DeltaDiscoveryResponseSchema, {
    systemVersionInfo: planned.version,
    typeUrl: planned.typeUrl,
    nonce,
    // The snapshot holds each resource encoded once: wrap those bytes, never re-encode.
    resources: planned.resources.map((r) =>
      create(ResourceSchema, { name: r.name, version: r.hash, resource: create(AnySchema, { typeUrl: r.typeUrl, value: r.bytes }) }),
    ),
    removedResources: [...planned.removed],
    controlPlane: { identifier: CONTROL_PLANE_ID },
  });
}
