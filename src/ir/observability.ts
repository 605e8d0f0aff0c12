// LogServices and the TracingService → what every HTTP listener logs and traces to, with
// Ambassador's defaults applied here (never in the Envoy stage).
import { isIP } from "node:net";
import type { Diagnostic, ResourceRef } from "../core/diagnostics.js";
import type { LogService, ResourceSet, ServiceRef, TracingService } from "../resources/types.js";
import { compareStrings } from "../util/compare.js";
import { DEFAULT_CONNECT_TIMEOUT_MS } from "./settings.js";
import type { IRAccessLog, IRCustomTag, IRServiceCluster, IRTracing } from "./types.js";

const DEFAULT_FLUSH_INTERVAL_S = 1;
const DEFAULT_FLUSH_BYTES = 16384;
const DEFAULT_ZIPKIN_ENDPOINT = "/api/v2/spans";
const DEFAULT_OTEL_SERVICE_NAME = "attache";

export interface Observability {
  readonly accessLogs?: readonly IRAccessLog[];
  readonly tracing?: IRTracing;
  readonly sources: readonly ResourceRef[];
  readonly diagnostics: readonly Diagnostic[];
}

export function buildObservability(rs: ResourceSet): Observability {
  const logs = rs.logServices ?? [];
  const tracers = rs.tracingServices ?? [];
  const [first, ...others] = tracers;
  const diagnostics: Diagnostic[] = others.map((t) => ({
    severity: "error", stage: "ir", ref: t.meta.ref, field: "spec",
    message: `ignored: one TracingService per instance, and ${first?.meta.ref.namespace}/${first?.meta.ref.name} (the first by namespace and name) is used`,
  }));
  const accessLogs = logs.map(accessLog);
  const tracing = first ? tracingOf(first) : undefined;
  return {
    ...(accessLogs.length ? { accessLogs } : {}),
    ...(tracing ? { tracing } : {}),
    sources: [...logs.map((l) => l.meta.ref), ...(first ? [first.meta.ref] : [])],
    diagnostics,
  };
}

function accessLog(l: LogService): IRAccessLog {
  const headers = l.spec.driver === "http" ? l.spec.driver_config?.additional_log_headers ?? [] : [];
  // Ambassador logs a listed header in every phase unless told otherwise.
  const names = (phase: "during_request" | "during_response" | "during_trailer") =>
    [...new Set(headers.filter((h) => h[phase] ?? true).map((h) => h.header_name.toLowerCase()))].sort(compareStrings);
  const ref = l.meta.ref;
  return {
    logName: `${ref.namespace}/${ref.name}`,
    driver: l.spec.driver,
    cluster: serviceCluster(`logservice_${ref.namespace}_${ref.name}`, l.service, ref, true),
    flushIntervalMs: (l.spec.flush_interval_time ?? DEFAULT_FLUSH_INTERVAL_S) * 1000,
    bufferSizeBytes: l.spec.flush_interval_byte_size ?? DEFAULT_FLUSH_BYTES,
    requestHeaders: names("during_request"),
    responseHeaders: names("during_response"),
    trailerHeaders: names("during_trailer"),
    source: ref,
  };
}

function tracingOf(t: TracingService): IRTracing | undefined {
  const driver = t.spec.driver;
  // The checks refuse the other drivers; the guard keeps the type honest.
  if (driver !== "zipkin" && driver !== "opentelemetry") return undefined;
  const ref = t.meta.ref;
  const s = t.spec.sampling ?? {};
  const c = t.spec.config ?? {};
  return {
    driver,
    cluster: serviceCluster(`tracing_${ref.namespace}_${ref.name}`, t.service, ref, driver === "opentelemetry"),
    sampling: { client: s.client ?? 100, random: s.random ?? 100, overall: s.overall ?? 100 },
    customTags: customTags(t),
    ...(driver === "zipkin"
      ? {
          zipkin: {
            collectorEndpoint: c.collector_endpoint ?? DEFAULT_ZIPKIN_ENDPOINT,
            endpointVersion: c.collector_endpoint_version ?? "HTTP_JSON",
            ...(c.collector_hostname !== undefined ? { collectorHostname: c.collector_hostname } : {}),
            traceId128bit: c.trace_id_128bit ?? true,
            sharedSpanContext: c.shared_span_context ?? false,
          },
        }
      : { serviceName: c.service_name ?? DEFAULT_OTEL_SERVICE_NAME }),
    source: ref,
  };
}

// A tag named twice keeps its last definition (custom_tags after tag_headers), as a map would.
function customTags(t: TracingService): IRCustomTag[] {
  const out = new Map<string, IRCustomTag>();
  for (const h of t.spec.tag_headers ?? []) out.set(h, { tag: h, kind: "requestHeader", name: h });
  for (const c of t.spec.custom_tags ?? []) {
    if (c.literal) out.set(c.tag, { tag: c.tag, kind: "literal", value: c.literal.value });
    const from = c.environment ? { kind: "environment" as const, src: c.environment } : c.request_header ? { kind: "requestHeader" as const, src: c.request_header } : undefined;
    if (from) {
      out.set(c.tag, {
        tag: c.tag, kind: from.kind, name: from.src.name,
        ...(from.src.default_value !== undefined ? { defaultValue: from.src.default_value } : {}),
      });
    }
  }
  return [...out.values()].sort((a, b) => compareStrings(a.tag, b.tag));
}

// As for Mappings: an IP literal or a dotted name as written, a bare name as `name.namespace`.
function serviceCluster(name: string, svc: ServiceRef, ref: ResourceRef, http2: boolean): IRServiceCluster {
  const bare = svc.host.replace(/^\[|\]$/g, "");
  const host = isIP(bare) || bare === "localhost" || (bare.includes(".") && !svc.namespace)
    ? bare
    : `${bare}.${svc.namespace ?? ref.namespace}`;
  const port = svc.port ?? (svc.scheme === "https" ? 443 : 80);
  return { name, host, port, http2, connectTimeoutMs: DEFAULT_CONNECT_TIMEOUT_MS, source: ref };
}
