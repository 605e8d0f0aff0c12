// The ADS gRPC service, defined by hand (no proto-loader): method paths and protobuf
// (de)serialisation through the generated @bufbuild schemas.
import type { MethodDefinition, ServiceDefinition } from "@grpc/grpc-js";
import { fromBinary, toBinary, type DescMessage, type MessageShape } from "@bufbuild/protobuf";
import {
  DeltaDiscoveryRequestSchema,
  DeltaDiscoveryResponseSchema,
  DiscoveryRequestSchema,
  DiscoveryResponseSchema,
  type DeltaDiscoveryRequest,
  type DeltaDiscoveryResponse,
  type DiscoveryRequest,
  type DiscoveryResponse,
} from "#gen/envoy/service/discovery/v3/discovery_pb.js";

export const ADS_SERVICE = "envoy.service.discovery.v3.AggregatedDiscoveryService";

function bidi<Req extends DescMessage, Res extends DescMessage>(
  method: string,
  req: Req,
  res: Res,
): MethodDefinition<MessageShape<Req>, MessageShape<Res>> {
  return {
    path: `/${ADS_SERVICE}/${method}`,
    requestStream: true,
    responseStream: true,
    requestSerialize: (m) => asBuffer(toBinary(req, m)),
    requestDeserialize: (b) => fromBinary(req, b),
    responseSerialize: (m) => asBuffer(toBinary(res, m)),
    responseDeserialize: (b) => fromBinary(res, b),
  };
}

/** Wraps without copying: responses can be large (a big RDS). */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export interface AdsServiceDefinition extends ServiceDefinition {
  StreamAggregatedResources: MethodDefinition<DiscoveryRequest, DiscoveryResponse>;
  DeltaAggregatedResources: MethodDefinition<DeltaDiscoveryRequest, DeltaDiscoveryResponse>;
}

export const adsServiceDefinition: AdsServiceDefinition = {
  StreamAggregatedResources: bidi("StreamAggregatedResources", DiscoveryRequestSchema, DiscoveryResponseSchema),
  DeltaAggregatedResources: bidi("DeltaAggregatedResources", DeltaDiscoveryRequestSchema, DeltaDiscoveryResponseSchema),
};
