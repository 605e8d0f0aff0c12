// The ADS gRPC server: state-of-the-world and delta (incremental) streams over one XdsCache,
// sharing the status events and the per-node ACKed memory, so the runtime treats both alike.
import { chmod, rm } from "node:fs/promises";
import type { Logger } from "../util/logger.js";
import { Server, ServerCredentials } from "@grpc/grpc-js";
import { adsServiceDefinition } from "./grpc-service.js";
import { XdsCache } from "./cache.js";
import { XdsStatus, type NodeStatus, type XdsEvents } from "./status.js";
import { serveSotwStream, type SotwCall } from "./sotw-stream.js";
import { serveDeltaStream, type DeltaCall } from "./delta-stream.js";
import { AckedMemory } from "./acked-memory.js";
import type { StreamDeps } from "./stream-session.js";
import type { NackRedactor } from "./nack-redaction.js";

export interface AdsServerOptions extends XdsEvents {
  /** Address to bind; attache binds loopback only. */
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  /**
   * Serve on this Unix socket instead (mode 0600, so only attache's user, its Envoy, can
   * connect); `host` and `port` are then ignored.
   */
  readonly socketPath?: string;
  /** Snapshots to serve; a new empty cache when omitted. */
  readonly cache?: XdsCache;
  readonly logger?: Logger;
  /** Makes Envoy's NACK text safe to log and show; default: generic redaction, no known values. */
  readonly redactNack?: NackRedactor;
}

export interface AdsServer {
  /** The bound port (0 on a Unix socket). */
  readonly port: number;
  readonly cache: XdsCache;
  /** Per-node ACKed versions and last NACK, for diagnostics. */
  status(): NodeStatus[];
  close(): Promise<void>;
}

const MiB = 1024 * 1024;

const SERVER_OPTIONS = {
  // Requests are small (names and an error message); a big RDS response can be large.
  "grpc.max_receive_message_length": 4 * MiB,
  "grpc.max_send_message_length": 128 * MiB,
  // Notice dead peers on idle streams without flooding live ones.
  "grpc.keepalive_time_ms": 30_000,
  "grpc.keepalive_timeout_ms": 10_000,
};

export async function startAdsServer(options: AdsServerOptions): Promise<AdsServer> {
  const cache = options.cache ?? new XdsCache();
  const status = new XdsStatus(options, options.logger);
  const memory = new AckedMemory();
  const server = new Server(SERVER_OPTIONS);
  let streams = 0;
  // Both flavours share the status and the ACKed memory; stream ids never repeat across them.
  const deps = (): StreamDeps => ({
    cache, status, memory, streamId: (++streams).toString(36), ...(options.redactNack ? { redact: options.redactNack } : {}),
  });
  server.addService(adsServiceDefinition, {
    StreamAggregatedResources: (call: SotwCall) => serveSotwStream(call, deps()),
    DeltaAggregatedResources: (call: DeltaCall) => serveDeltaStream(call, deps()),
  });
  const socket = options.socketPath;
  // A socket file left by an earlier run would make the bind fail.
  if (socket !== undefined) await rm(socket, { force: true });
  const target = socket !== undefined ? `unix:${socket}` : `${formatHost(options.host)}:${options.port}`;
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(target, ServerCredentials.createInsecure(), (err, bound) => (err ? reject(err) : resolve(bound))),
  );
  if (socket !== undefined) await chmod(socket, 0o600);
  return {
    port,
    cache,
    status: () => status.status(),
    close: async () => {
      // ADS streams never end on their own: graceful shutdown would wait forever.
      server.forceShutdown();
    },
  };
}

function formatHost(host: string): string {
  return host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
}
