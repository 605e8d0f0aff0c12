// Module `enable_grpc_web`: Envoy translates gRPC-Web (HTTP/1.1 browsers) to gRPC and back.
import { GrpcWebSchema } from "#gen/envoy/extensions/filters/http/grpc_web/v3/grpc_web_pb.js";
import { typed } from "../values.js";
import type { Feature } from "./feature.js";

export const grpcWeb: Feature = {
  name: "grpc-web",
  goldenCases: ["feature-module-filters"],
  httpFilter: {
    slot: "grpc_web",
    name: "envoy.filters.http.grpc_web",
    onListener: (_l, s) => (s.grpcWeb ? { config: typed(GrpcWebSchema) } : undefined),
  },
};
