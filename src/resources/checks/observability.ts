// LogService (gRPC access logs) and TracingService: where Envoy sends access log entries and
// spans. Each check keeps its resource unless the service cannot be reached at all; settings
// Envoy cannot act on are warnings naming the field, so nothing is dropped silently.
import type { Named } from "../candidate.js";
import { checkMatchHeaderName } from "../header-names.js";
import { error, hasErrors, warning, type Issue } from "../issue.js";
import { isServiceRefError, parseServiceRef } from "../service-ref.js";
import type { LogService, LogServiceSpec, PropagationMode, TracingService, TracingServiceSpec } from "../types.js";
import { metaOf, type CheckResult } from "./check-result.js";

const S = "spec";

export function checkLogService(n: Named, spec: LogServiceSpec): CheckResult<LogService> {
  const issues: Issue[] = [];
  const service = parseServiceRef(spec.service);
  if (isServiceRefError(service)) issues.push(error([S, "service"], service.error));
  if (!isServiceRefError(service) && service.scheme === "https") issues.push(warning([S, "service"], "TLS to the access log service is not supported yet: plaintext is used"));
  if (spec.protocol_version === "v2") issues.push(error([S, "protocol_version"], "v2 is no longer served by Envoy: use v3 (the default)"));
  if (spec.grpc === false) issues.push(warning([S, "grpc"], "ignored: a LogService always talks to a gRPC access log service"));
  if (spec.stats_name !== undefined) issues.push(warning([S, "stats_name"], "not supported yet (ignored)"));
  const headers = spec.driver_config?.additional_log_headers ?? [];
  headers.forEach((h, i) => {
    const bad = checkMatchHeaderName(h.header_name);
    if (bad) issues.push(error([S, "driver_config", "additional_log_headers", i, "header_name"], bad));
  });
  if (spec.driver === "tcp" && headers.length > 0) {
    issues.push(warning([S, "driver_config", "additional_log_headers"], "ignored with driver tcp: TCP access log entries carry no HTTP headers (use driver http)"));
  }
  if (hasErrors(issues) || isServiceRefError(service)) return { issues };
  return { resource: { kind: "LogService", meta: metaOf(n), spec, service }, issues };
}

// Each Envoy tracer propagates one header format; Ambassador's other modes were Lightstep's.
const NATIVE_PROPAGATION: Readonly<Record<"zipkin" | "opentelemetry", PropagationMode>> = { zipkin: "B3", opentelemetry: "TRACE_CONTEXT" };

export function checkTracingService(n: Named, spec: TracingServiceSpec): CheckResult<TracingService> {
  const issues: Issue[] = [];
  const service = parseServiceRef(spec.service);
  if (isServiceRefError(service)) issues.push(error([S, "service"], service.error));
  if (!isServiceRefError(service) && service.scheme === "https") issues.push(warning([S, "service"], "TLS to the trace collector is not supported yet: plaintext is used"));
  if (spec.driver === "datadog" || spec.driver === "lightstep") {
    issues.push(error([S, "driver"], `driver ${spec.driver} is not supported (use zipkin or opentelemetry)`));
  }
  (spec.tag_headers ?? []).forEach((h, i) => {
    const bad = checkMatchHeaderName(h);
    if (bad) issues.push(error([S, "tag_headers", i], bad));
  });
  (spec.custom_tags ?? []).forEach((t, i) => {
    const sources = [t.literal, t.environment, t.request_header].filter((x) => x !== undefined).length;
    if (sources !== 1) issues.push(error([S, "custom_tags", i], "needs exactly one of literal, environment, request_header"));
  });
  issues.push(...driverConfigIssues(spec));
  if (spec.stats_name !== undefined) issues.push(warning([S, "stats_name"], "not supported yet (ignored)"));
  if (hasErrors(issues) || isServiceRefError(service)) return { issues };
  return { resource: { kind: "TracingService", meta: metaOf(n), spec, service }, issues };
}

function driverConfigIssues(spec: TracingServiceSpec): Issue[] {
  const c = spec.config ?? {};
  const at = (f: string) => [S, "config", f];
  const out: Issue[] = [];
  if (spec.driver === "opentelemetry") {
    for (const f of ["collector_endpoint", "collector_endpoint_version", "collector_hostname", "trace_id_128bit", "shared_span_context"] as const) {
      if (c[f] !== undefined) out.push(warning(at(f), "a zipkin setting: ignored with driver opentelemetry"));
    }
  }
  if (spec.driver === "zipkin" && c.service_name !== undefined) {
    out.push(warning(at("service_name"), "ignored with driver zipkin: Envoy names the service after its --service-cluster"));
  }
  if (spec.driver === "zipkin" || spec.driver === "opentelemetry") {
    const native = NATIVE_PROPAGATION[spec.driver];
    for (const m of c.propagation_modes ?? []) {
      if (m !== native) out.push(warning(at("propagation_modes"), `${m} is not available with driver ${spec.driver}, which propagates ${native} (ignored)`));
    }
  }
  return out;
}
