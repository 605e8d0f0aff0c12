// Global settings from the `ambassador` Module, with Ambassador's defaults.
import { regexMaxSizeOf } from "../resources/checks/check-result.js";
import type { Module } from "../resources/types.js";
import type { IRGlobalSettings } from "./types.js";
import { filterSettings } from "./filter-settings.js";

/**
 * Edge defaults, after Envoy's "Configuring Envoy as an edge proxy": paths normalised before
 * routing, slowloris clients cut off, per-connection memory bounded. Each one has a Module key
 * (docs/security.md lists them).
 */
export const EDGE_DEFAULTS = {
  normalizePath: true,
  mergeSlashes: true,
  headersWithUnderscoresAction: "REJECT_REQUEST",
  requestHeadersTimeoutMs: 10_000,
  streamIdleTimeoutMs: 300_000,
  requestTimeoutMs: 300_000,
  bufferLimitBytes: 32_768,
  http2MaxConcurrentStreams: 100,
  http2InitialStreamWindowSize: 65_536,
  http2InitialConnectionWindowSize: 1_048_576,
} as const;
export const DEFAULT_CONNECT_TIMEOUT_MS = 3000;

export function buildSettings(module: Module | undefined): IRGlobalSettings {
  const c = module?.config ?? {};
  return {
    useRemoteAddress: c.use_remote_address ?? true,
    xffNumTrustedHops: c.xff_num_trusted_hops ?? 0,
    serverName: c.server_name,
    enableHttp10: c.enable_http10 ?? false,
    listenerIdleTimeoutMs: c.listener_idle_timeout_ms,
    maxRequestHeadersKb: c.max_request_headers_kb,
    stripMatchingHostPort: c.strip_matching_host_port ?? false,
    mergeSlashes: c.merge_slashes ?? EDGE_DEFAULTS.mergeSlashes,
    normalizePath: c.normalize_path ?? EDGE_DEFAULTS.normalizePath,
    escapedSlashesAction: c.reject_requests_with_escaped_slashes ? "REJECT_REQUEST" : "UNESCAPE_AND_REDIRECT",
    headersWithUnderscoresAction: c.headers_with_underscores_action ?? EDGE_DEFAULTS.headersWithUnderscoresAction,
    requestHeadersTimeoutMs: c.request_headers_timeout_ms ?? EDGE_DEFAULTS.requestHeadersTimeoutMs,
    streamIdleTimeoutMs: c.stream_idle_timeout_ms ?? EDGE_DEFAULTS.streamIdleTimeoutMs,
    requestTimeoutMs: c.request_timeout_ms ?? EDGE_DEFAULTS.requestTimeoutMs,
    bufferLimitBytes: c.buffer_limit_bytes ?? EDGE_DEFAULTS.bufferLimitBytes,
    regexMaxSize: regexMaxSizeOf(module),
    ...filterSettings(c),
    ...(c.forward_client_cert_details !== undefined ? { forwardClientCertDetails: c.forward_client_cert_details } : {}),
    ...(c.set_current_client_cert_details !== undefined ? { setCurrentClientCertDetails: c.set_current_client_cert_details } : {}),
    sources: module ? [module.meta.ref] : [],
  };
}

/** Module `diagnostics`: Ambassador serves the diagnostics page, to local clients only, by default. */
export interface DiagnosticsSettings {
  readonly enabled: boolean;
  readonly allowNonLocal: boolean;
}

export function buildDiagnosticsSettings(module: Module | undefined): DiagnosticsSettings {
  const d = module?.config.diagnostics;
  return { enabled: d?.enabled ?? true, allowNonLocal: d?.allow_non_local ?? false };
}
