// The Module's HTTP filters (gzip, gRPC-Web, Lua, buffer) as global settings.
import type { GzipSpec, ModuleConfig } from "../resources/types.js";
import type { IRGlobalSettings, IRGzip } from "./types.js";
import { withoutUndefined } from "./without-undefined.js";

type FilterSettings = Pick<IRGlobalSettings, "gzip" | "grpcWeb" | "luaScript" | "bufferMaxRequestBytes">;

export function filterSettings(c: ModuleConfig): FilterSettings {
  return withoutUndefined({
    gzip: c.gzip && c.gzip.enabled !== false ? gzip(c.gzip) : undefined,
    grpcWeb: c.enable_grpc_web === true ? true : undefined,
    luaScript: c.lua_scripts !== undefined && c.lua_scripts.trim() !== "" ? c.lua_scripts : undefined,
    bufferMaxRequestBytes: c.buffer?.max_request_bytes,
  });
}

const LEVELS = { BEST: "BEST_COMPRESSION", BEST_COMPRESSION: "BEST_COMPRESSION", SPEED: "BEST_SPEED", BEST_SPEED: "BEST_SPEED", DEFAULT: "DEFAULT_COMPRESSION", DEFAULT_COMPRESSION: "DEFAULT_COMPRESSION" } as const;
const STRATEGIES = { DEFAULT: "DEFAULT_STRATEGY", DEFAULT_STRATEGY: "DEFAULT_STRATEGY", FILTERED: "FILTERED", HUFFMAN: "HUFFMAN_ONLY", HUFFMAN_ONLY: "HUFFMAN_ONLY", RLE: "RLE", FIXED: "FIXED" } as const;

// Ambassador's names for levels and strategies, in Envoy's.
function gzip(g: GzipSpec): IRGzip {
  return withoutUndefined({
    minContentLength: g.min_content_length,
    contentTypes: g.content_type?.length ? [...g.content_type] : undefined,
    memoryLevel: g.memory_level,
    level: g.compression_level ? LEVELS[g.compression_level] : undefined,
    strategy: g.compression_strategy ? STRATEGIES[g.compression_strategy] : undefined,
    windowBits: g.window_bits,
    disableOnEtagHeader: g.disable_on_etag_header,
    removeAcceptEncodingHeader: g.remove_accept_encoding_header,
  });
}
