// Global settings from the `ambassador` Module, with Ambassador's defaults.
import { regexMaxSizeOf } from "../resources/checks/check-result.js";
import type { Module } from "../resources/types.js";
import type { IRGlobalSettings } from "./types.js";
import { filterSettings } from "./filter-settings.js";

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
    mergeSlashes: c.merge_slashes ?? false,
    regexMaxSize: regexMaxSizeOf(module),
    ...filterSettings(c),
    sources: module ? [module.meta.ref] : [],
  };
}
