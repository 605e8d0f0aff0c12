// A minimal delta ADS client for the gRPC tests: the server's own method definition, one
// stream, responses queued in order, and the resources it holds per type (name -> version).
import { Client, credentials, type ClientDuplexStream } from "@grpc/grpc-js";
import { create } from "@bufbuild/protobuf";
import { DeltaDiscoveryRequestSchema, type DeltaDiscoveryRequest, type DeltaDiscoveryResponse } from "#gen/envoy/service/discovery/v3/discovery_pb.js";
import { adsServiceDefinition } from "../../../src/xds/grpc-service.js";
import { ResponseQueue } from "./response-queue.js";

const METHOD = adsServiceDefinition.DeltaAggregatedResources;

export interface DeltaRequestParts {
  readonly typeUrl: string;
  readonly subscribe?: string[];
  readonly unsubscribe?: string[];
  readonly initial?: Record<string, string>;
  readonly responseNonce?: string;
  readonly error?: string;
}

export class TestDeltaClient {
  private readonly client: Client;
  private readonly stream: ClientDuplexStream<DeltaDiscoveryRequest, DeltaDiscoveryResponse>;
  private readonly responses: ResponseQueue<DeltaDiscoveryResponse>;
  private first = true;
  /** Per type URL: name -> version, as applied from every response taken (ACKed or not). */
  readonly holds = new Map<string, Map<string, string>>();

  constructor(port: number, private readonly nodeId: string) {
    this.client = new Client(`127.0.0.1:${port}`, credentials.createInsecure());
    this.stream = this.client.makeBidiStreamRequest(METHOD.path, METHOD.requestSerialize, METHOD.responseDeserialize);
    this.responses = new ResponseQueue(this.stream);
  }

  send(p: DeltaRequestParts): void {
    this.stream.write(create(DeltaDiscoveryRequestSchema, {
      typeUrl: p.typeUrl,
      resourceNamesSubscribe: p.subscribe ?? [],
      resourceNamesUnsubscribe: p.unsubscribe ?? [],
      initialResourceVersions: p.initial ?? {},
      responseNonce: p.responseNonce ?? "",
      ...(this.first ? { node: { id: this.nodeId, cluster: "test" } } : {}),
      ...(p.error ? { errorDetail: { code: 3, message: p.error } } : {}),
    }));
    this.first = false;
  }

  /** ACKs (or NACKs, with `error`) a response; an ACKed response is applied to `holds`. */
  answer(r: DeltaDiscoveryResponse, error?: string): void {
    if (!error) this.apply(r);
    this.send({ typeUrl: r.typeUrl, responseNonce: r.nonce, ...(error ? { error } : {}) });
  }

  async next(timeoutMs = 3000): Promise<DeltaDiscoveryResponse> {
    return this.responses.next(timeoutMs);
  }

  drain(ms: number): Promise<DeltaDiscoveryResponse[]> {
    return this.responses.drain(ms);
  }

  close(): void {
    this.stream.cancel();
    this.client.close();
  }

  private apply(r: DeltaDiscoveryResponse): void {
    let held = this.holds.get(r.typeUrl);
    if (!held) this.holds.set(r.typeUrl, (held = new Map()));
    for (const res of r.resources) held.set(res.name, res.version);
    for (const name of r.removedResources) held.delete(name);
  }
}
