// LogService and TracingService as the resources stage hands them over (re-exported by
// types.ts): where Envoy sends access log entries and spans.
import type { ResourceMeta, ServiceRef } from "./types.js";

export interface AdditionalLogHeader {
  readonly header_name: string;
  readonly during_request?: boolean;
  readonly during_response?: boolean;
  readonly during_trailer?: boolean;
}

export interface LogServiceSpec {
  readonly service: string;
  /** `http`: one HTTP entry per request (with headers); `tcp`: Envoy's TCP entries. */
  readonly driver: "tcp" | "http";
  readonly driver_config?: { readonly additional_log_headers?: readonly AdditionalLogHeader[] };
  /** Seconds between flushes of the log buffer. */
  readonly flush_interval_time?: number;
  /** Bytes buffered before a flush. */
  readonly flush_interval_byte_size?: number;
  readonly grpc?: boolean;
  readonly protocol_version?: "v2" | "v3";
  readonly stats_name?: string;
  readonly ambassador_id?: readonly string[];
}

/** A gRPC access log service every HTTP listener logs to. */
export interface LogService {
  readonly kind: "LogService";
  readonly meta: ResourceMeta;
  readonly spec: LogServiceSpec;
  readonly service: ServiceRef;
}

export type PropagationMode = "ENVOY" | "LIGHTSTEP" | "B3" | "TRACE_CONTEXT";

export interface TracingCustomTag {
  readonly tag: string;
  readonly literal?: { readonly value: string };
  readonly environment?: { readonly name: string; readonly default_value?: string };
  readonly request_header?: { readonly name: string; readonly default_value?: string };
}

export interface TracingServiceSpec {
  readonly driver: "zipkin" | "opentelemetry" | "datadog" | "lightstep";
  readonly service: string;
  readonly sampling?: { readonly client?: number; readonly random?: number; readonly overall?: number };
  readonly tag_headers?: readonly string[];
  readonly custom_tags?: readonly TracingCustomTag[];
  readonly config?: {
    readonly collector_endpoint?: string;
    readonly collector_endpoint_version?: "HTTP_JSON" | "HTTP_PROTO";
    readonly collector_hostname?: string;
    readonly trace_id_128bit?: boolean;
    readonly shared_span_context?: boolean;
    readonly service_name?: string;
    readonly propagation_modes?: readonly PropagationMode[];
  };
  readonly stats_name?: string;
  readonly ambassador_id?: readonly string[];
}

/** The tracer every HTTP listener reports spans to (one per instance). */
export interface TracingService {
  readonly kind: "TracingService";
  readonly meta: ResourceMeta;
  readonly spec: TracingServiceSpec;
  readonly service: ServiceRef;
}
