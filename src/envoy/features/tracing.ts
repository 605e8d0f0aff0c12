// TracingService → the connection manager's tracing: sampling, custom tags and the provider
// (Envoy's zipkin tracer over HTTP, or OpenTelemetry over OTLP/gRPC), reporting to the
// TracingService's own cluster.
import type { CustomTagJson } from "#gen/envoy/type/tracing/v3/custom_tag_pb.js";
import { OpenTelemetryConfigSchema } from "#gen/envoy/config/trace/v3/opentelemetry_pb.js";
import { ZipkinConfigSchema } from "#gen/envoy/config/trace/v3/zipkin_pb.js";
import type { Tracing_HttpJson } from "#gen/envoy/config/trace/v3/http_tracer_pb.js";
import type { HttpConnectionManager_TracingJson } from "#gen/envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager_pb.js";
import type { IRCustomTag, IRTracing } from "../../ir/types.js";
import { compact, typed } from "../values.js";
import type { Feature } from "./feature.js";
import { serviceClusterJson } from "./service-cluster.js";

export const tracing: Feature = {
  name: "tracing",
  goldenCases: ["feature-tracing-zipkin", "feature-tracing-opentelemetry"],
  connectionManager: {
    onListener: (_l, s) => (s.tracing ? { fields: { tracing: tracingJson(s.tracing) }, clusters: [s.tracing.cluster.name] } : undefined),
  },
  clusters: (ir) => (ir.settings.tracing ? [serviceClusterJson(ir.settings.tracing.cluster)] : []),
};

function tracingJson(t: IRTracing): HttpConnectionManager_TracingJson {
  return compact({
    clientSampling: { value: t.sampling.client },
    randomSampling: { value: t.sampling.random },
    overallSampling: { value: t.sampling.overall },
    customTags: t.customTags.length ? t.customTags.map(customTagJson) : undefined,
    provider: providerJson(t),
  });
}

function providerJson(t: IRTracing): Tracing_HttpJson {
  if (t.zipkin) {
    const z = t.zipkin;
    return {
      name: "envoy.tracers.zipkin",
      typedConfig: typed(ZipkinConfigSchema, compact({
        collectorCluster: t.cluster.name,
        collectorEndpoint: z.collectorEndpoint,
        traceId128bit: z.traceId128bit ? true : undefined,
        sharedSpanContext: z.sharedSpanContext,
        collectorEndpointVersion: z.endpointVersion,
        collectorHostname: z.collectorHostname,
      })),
    };
  }
  return {
    name: "envoy.tracers.opentelemetry",
    typedConfig: typed(OpenTelemetryConfigSchema, compact({
      grpcService: { envoyGrpc: { clusterName: t.cluster.name } },
      serviceName: t.serviceName,
    })),
  };
}

function customTagJson(c: IRCustomTag): CustomTagJson {
  if (c.kind === "literal") return { tag: c.tag, literal: { value: c.value } };
  const from = compact<{ name: string; defaultValue: string }>({ name: c.name, defaultValue: c.defaultValue });
  return c.kind === "environment" ? { tag: c.tag, environment: from } : { tag: c.tag, requestHeader: from };
}
