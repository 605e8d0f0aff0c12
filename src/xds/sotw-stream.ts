// One state-of-the-world ADS stream: applies each request to the client's state, reports ACKs
// and NACKs, and sends what `planResponses` decides whenever a request or a snapshot arrives.
import type { ServerDuplexStream } from "@grpc/grpc-js";
import { create } from "@bufbuild/protobuf";
import { AnySchema } from "@bufbuild/protobuf/wkt";
import { DiscoveryResponseSchema, type DiscoveryRequest, type DiscoveryResponse } from "#gen/envoy/service/discovery/v3/discovery_pb.js";
import { applyRequest, confirmRunning, newClientState, recordSent, seedRunning, type ClientState, type RequestOutcome } from "./client-state.js";
import type { AckedMemory } from "./acked-memory.js";
import { describeNack } from "./nack.js";
import { planResponses, type PlannedResponse } from "./sotw-plan.js";
import type { XdsCache } from "./cache.js";
import type { XdsStatus } from "./status.js";

export type SotwCall = ServerDuplexStream<DiscoveryRequest, DiscoveryResponse>;

export interface StreamDeps {
  readonly cache: XdsCache;
  readonly status: XdsStatus;
  readonly memory: AckedMemory;
  /** Unique per stream: prefixes nonces so they never repeat across streams either. */
  readonly streamId: string;
}

const CONTROL_PLANE_ID = "attache";

export function serveSotwStream(call: SotwCall, deps: StreamDeps): void {
  let client: ClientState | undefined;
  let unwatch: (() => void) | undefined;
  let nonces = 0;
  let closed = false;
  let peer = "";

  const pump = (): void => {
    if (!client || closed) return;
    const snap = deps.cache.snapshotFor(client.nodeId);
    if (!snap) return;
    for (const planned of planResponses(client, snap)) {
      const nonce = `${deps.streamId}.${++nonces}`;
      client = recordSent(client, planned.typeUrl, {
        version: planned.version,
        nonce,
        serial: planned.serial,
        resources: new Map(planned.resources.map((r) => [r.name, r])),
      });
      call.write(toResponse(planned, nonce));
    }
  };

  const report = (state: ClientState, typeUrl: string, outcome: RequestOutcome): void => {
    if (outcome.kind === "ack") {
      deps.memory.remember(state.nodeId, typeUrl, outcome.response);
      deps.status.ack({ nodeId: state.nodeId, typeUrl, version: outcome.response.version, serial: outcome.response.serial });
    } else if (outcome.kind === "nack") {
      deps.status.nack(describeNack(state.nodeId, typeUrl, outcome.rejected, outcome.lastGood, outcome.message));
    }
  };

  call.on("data", (req: DiscoveryRequest) => {
    if (closed) return;
    if (!client) {
      // The node is only guaranteed on the first request of a stream.
      const nodeId = req.node?.id ?? "";
      client = seedRunning(newClientState(nodeId), deps.memory.recall(nodeId));
      peer = call.getPeer();
      deps.status.streamOpened(client.nodeId, peer);
      unwatch = deps.cache.watch(client.nodeId, pump);
    }
    client = confirmRunning(client, req.typeUrl, req.versionInfo);
    const applied = applyRequest(client, {
      typeUrl: req.typeUrl,
      resourceNames: req.resourceNames,
      responseNonce: req.responseNonce,
      errorDetail: req.errorDetail,
    });
    client = applied.state;
    report(client, req.typeUrl, applied.outcome);
    if (applied.outcome.kind !== "stale") pump();
  });

  const cleanup = (): void => {
    if (closed) return;
    closed = true;
    unwatch?.();
    if (client) deps.status.streamClosed(client.nodeId, peer);
  };
  call.on("end", () => {
    cleanup();
    call.end();
  });
  call.on("error", cleanup);
  call.on("cancelled", cleanup);
  call.on("close", cleanup);
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
