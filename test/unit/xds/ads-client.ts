// A minimal ADS client for the gRPC tests: the server's own method definition, one stream,
// responses queued for the test to take in order.
import { Client, credentials, type ClientDuplexStream } from "@grpc/grpc-js";
import { create } from "@bufbuild/protobuf";
import { DiscoveryRequestSchema, type DiscoveryRequest, type DiscoveryResponse } from "#gen/envoy/service/discovery/v3/discovery_pb.js";
import { adsServiceDefinition } from "../../../src/xds/grpc-service.js";
import { ResponseQueue } from "./response-queue.js";

const METHOD = adsServiceDefinition.StreamAggregatedResources;

export interface RequestParts {
  readonly typeUrl: string;
  readonly resourceNames?: string[];
  readonly versionInfo?: string;
  readonly responseNonce?: string;
  readonly error?: string;
}

export class TestAdsClient {
  private readonly client: Client;
  private readonly stream: ClientDuplexStream<DiscoveryRequest, DiscoveryResponse>;
  private readonly responses: ResponseQueue<DiscoveryResponse>;
  private first = true;
  /** The latest response received per type URL. */
  readonly latest = new Map<string, DiscoveryResponse>();

  constructor(port: number, private readonly nodeId: string) {
    this.client = new Client(`127.0.0.1:${port}`, credentials.createInsecure());
    this.stream = this.client.makeBidiStreamRequest(METHOD.path, METHOD.requestSerialize, METHOD.responseDeserialize);
    this.responses = new ResponseQueue(this.stream, (r) => this.latest.set(r.typeUrl, r));
  }

  send(p: RequestParts): void {
    this.stream.write(create(DiscoveryRequestSchema, {
      typeUrl: p.typeUrl,
      resourceNames: p.resourceNames ?? [],
      versionInfo: p.versionInfo ?? "",
      responseNonce: p.responseNonce ?? "",
      ...(this.first ? { node: { id: this.nodeId, cluster: "test" } } : {}),
      ...(p.error ? { errorDetail: { code: 3, message: p.error } } : {}),
    }));
    this.first = false;
  }

  /** ACKs (or NACKs, with `error`) a response, keeping its subscription. */
  answer(r: DiscoveryResponse, names: string[], error?: string): void {
    this.send({ typeUrl: r.typeUrl, resourceNames: names, versionInfo: error ? "" : r.versionInfo, responseNonce: r.nonce, ...(error ? { error } : {}) });
  }

  /** Changes the subscription of a type, echoing the latest response's nonce (as Envoy does). */
  resubscribe(typeUrl: string, names: string[]): void {
    const r = this.latest.get(typeUrl);
    this.send({ typeUrl, resourceNames: names, versionInfo: r?.versionInfo ?? "", responseNonce: r?.nonce ?? "" });
  }

  get ended(): Error | undefined {
    return this.responses.ended;
  }

  next(timeoutMs = 3000): Promise<DiscoveryResponse> {
    return this.responses.next(timeoutMs);
  }

  /** Resolves with whatever arrived within `ms` (normally expected to be nothing). */
  drain(ms: number): Promise<DiscoveryResponse[]> {
    return this.responses.drain(ms);
  }

  close(): void {
    this.stream.cancel();
    this.client.close();
  }
}
