// Module `buffer`: whole requests are buffered up to max_request_bytes before they are
// forwarded (larger ones are answered 413).
import { BufferSchema } from "#gen/envoy/extensions/filters/http/buffer/v3/buffer_pb.js";
import { typed } from "../values.js";
import type { Feature } from "./feature.js";

export const buffer: Feature = {
  name: "buffer",
  goldenCases: ["feature-module-filters"],
  httpFilter: {
    slot: "buffer",
    name: "envoy.filters.http.buffer",
    onListener: (_l, s) => (s.bufferMaxRequestBytes !== undefined ? { config: typed(BufferSchema, { maxRequestBytes: s.bufferMaxRequestBytes }) } : undefined),
  },
};
