// A minimal state-of-the-world ADS client for load tests: subscribes to the given types and
// ACKs every response it gets (never NACKs), the way a healthy Envoy does. It keeps no
// resources, only counts, so many of them fit in one process.
import { Client, credentials, type ClientDuplexStream } from "@grpc/grpc-js";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import {
  DiscoveryRequestSchema,
  DiscoveryResponseSchema,
  type DiscoveryRequest,
  type DiscoveryResponse,
} from "#gen/envoy/service/discovery/v3/discovery_pb.js";

const METHOD = "/envoy.service.discovery.v3.AggregatedDiscoveryService/StreamAggregatedResources";

export interface Subscription {
  readonly typeUrl: string;
  /** Empty: wildcard. */
  readonly names: readonly string[];
}

export interface AdsClientStats {
  responses: number;
  bytes: number;
  /** Latest version ACKed, by type URL. */
  readonly acked: Map<string, string>;
  error?: string;
}

export interface AdsClient {
  readonly stats: AdsClientStats;
  close(): void;
}

export function connectAdsClient(target: string, nodeId: string, subs: readonly Subscription[]): AdsClient {
  // A pool of its own per client: one TCP connection each, as separate Envoys would have.
  const client = new Client(target, credentials.createInsecure(), {
    "grpc.use_local_subchannel_pool": 1,
    "grpc.max_receive_message_length": -1,
  });
  const stream: ClientDuplexStream<DiscoveryRequest, DiscoveryResponse> = client.makeBidiStreamRequest(
    METHOD,
    (m: DiscoveryRequest) => Buffer.from(toBinary(DiscoveryRequestSchema, m)),
    (b: Buffer) => fromBinary(DiscoveryResponseSchema, b),
  );
  const stats: AdsClientStats = { responses: 0, bytes: 0, acked: new Map() };
  const namesOf = new Map(subs.map((s) => [s.typeUrl, s.names]));
  const send = (typeUrl: string, versionInfo: string, responseNonce: string) =>
    stream.write(create(DiscoveryRequestSchema, { node: { id: nodeId, cluster: "bench" }, typeUrl, resourceNames: [...(namesOf.get(typeUrl) ?? [])], versionInfo, responseNonce }));
  stream.on("data", (res: DiscoveryResponse) => {
    stats.responses++;
    for (const r of res.resources) stats.bytes += r.value.byteLength;
    send(res.typeUrl, res.versionInfo, res.nonce);
    stats.acked.set(res.typeUrl, res.versionInfo);
  });
  stream.on("error", (err: Error) => (stats.error = err.message));
  for (const s of subs) send(s.typeUrl, "", "");
  return {
    stats,
    close: () => {
      stream.cancel();
      client.close();
    },
  };
}
