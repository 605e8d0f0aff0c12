// What every ADS stream does whatever its flavour (state of the world or delta): learn the
// node from the first request, register with the status and the cache, report ACKs and NACKs
// the same way, and stop cleanly however the stream ends. The flavour supplies a session.
import type { ServerDuplexStream } from "@grpc/grpc-js";
import type { AckedMemory } from "./acked-memory.js";
import type { XdsCache } from "./cache.js";
import type { RequestOutcome } from "./client-state.js";
import { describeNack } from "./nack.js";
import type { NackRedactor } from "./nack-redaction.js";
import type { XdsStatus } from "./status.js";

export interface StreamDeps {
  readonly cache: XdsCache;
  readonly status: XdsStatus;
  readonly memory: AckedMemory;
  /** Unique per stream: prefixes nonces so they never repeat across streams either. */
  readonly streamId: string;
  /** Makes Envoy's rejection text safe to log and show. */
  readonly redact?: NackRedactor;
}

/** Identifies attache in every response. */
export const CONTROL_PLANE_ID = "attache";

export interface StreamSession<Req> {
  handle(req: Req): void;
  /** A snapshot was published: send what it changes. */
  pump(): void;
}

interface NodeRequest {
  readonly node?: { readonly id: string } | undefined;
}

export function runStream<Req extends NodeRequest, Res>(
  call: ServerDuplexStream<Req, Res>,
  deps: StreamDeps,
  start: (nodeId: string) => StreamSession<Req>,
): void {
  let session: StreamSession<Req> | undefined;
  let detach: (() => void) | undefined;
  let closed = false;

  call.on("data", (req: Req) => {
    if (closed) return;
    if (!session) {
      // The node is only guaranteed on the first request of a stream.
      const nodeId = req.node?.id ?? "";
      const s = (session = start(nodeId));
      const peer = call.getPeer();
      deps.status.streamOpened(nodeId, peer);
      const unwatch = deps.cache.watch(nodeId, () => {
        if (!closed) s.pump();
      });
      detach = () => {
        unwatch();
        deps.status.streamClosed(nodeId, peer);
      };
    }
    session.handle(req);
  });

  const cleanup = (): void => {
    if (closed) return;
    closed = true;
    detach?.();
  };
  call.on("end", () => {
    cleanup();
    call.end();
  });
  call.on("error", cleanup);
  call.on("cancelled", cleanup);
  call.on("close", cleanup);
}

/** Nonces unique on the stream and across streams. */
export function nonceSource(streamId: string): () => string {
  let n = 0;
  return () => `${streamId}.${++n}`;
}

/** ACKs are remembered (make before break across reconnects) and both reach the status events. */
export function reportOutcome(deps: StreamDeps, nodeId: string, typeUrl: string, outcome: RequestOutcome): void {
  if (outcome.kind === "ack") {
    deps.memory.remember(nodeId, typeUrl, outcome.response);
    deps.status.ack({ nodeId, typeUrl, version: outcome.response.version, serial: outcome.response.serial });
  } else if (outcome.kind === "nack") {
    deps.status.nack(describeNack(nodeId, typeUrl, outcome.rejected, outcome.lastGood, outcome.message, deps.redact));
  }
}
