// Module `gzip`: Envoy's compressor filter with the gzip library. Envoy compresses only when
// the client accepts gzip and the response is large enough and of a listed type.
import { GzipSchema, type GzipJson } from "#gen/envoy/extensions/compression/gzip/compressor/v3/gzip_pb.js";
import type { AnyJson } from "@bufbuild/protobuf/wkt";
import { CompressorSchema, type Compressor_CommonDirectionConfigJson, type Compressor_ResponseDirectionConfigJson } from "#gen/envoy/extensions/filters/http/compressor/v3/compressor_pb.js";
import type { IRGzip } from "../../ir/types.js";
import { compact, typed } from "../values.js";
import type { Feature } from "./feature.js";

export const compressor: Feature = {
  name: "compressor",
  goldenCases: ["feature-module-filters"],
  httpFilter: {
    slot: "compressor",
    name: "envoy.filters.http.compressor",
    onListener: (_l, s) => (s.gzip ? { config: compressorConfig(s.gzip) } : undefined),
  },
};

function compressorConfig(g: IRGzip): AnyJson {
  const common = compact<Compressor_CommonDirectionConfigJson>({ minContentLength: g.minContentLength, contentType: g.contentTypes ? [...g.contentTypes] : undefined });
  return typed(CompressorSchema, {
    responseDirectionConfig: compact<Compressor_ResponseDirectionConfigJson>({
      commonConfig: Object.keys(common).length ? common : undefined,
      disableOnEtagHeader: g.disableOnEtagHeader,
      removeAcceptEncodingHeader: g.removeAcceptEncodingHeader,
    }),
    compressorLibrary: {
      name: "envoy.compression.gzip.compressor",
      typedConfig: typed(GzipSchema, compact<GzipJson>({
        memoryLevel: g.memoryLevel,
        // DEFAULT_* are the enums' zero values, which canonical JSON leaves out.
        compressionLevel: g.level === "DEFAULT_COMPRESSION" ? undefined : g.level,
        compressionStrategy: g.strategy === "DEFAULT_STRATEGY" ? undefined : g.strategy,
        windowBits: g.windowBits,
      })),
    },
  });
}
