// LogService → gRPC access logs on every HTTP connection manager: `driver: http` sends one
// HTTP entry per request (with the extra headers), `driver: tcp` Envoy's TCP entries; both
// over Envoy's gRPC access log service to the LogService's own cluster.
import type { AccessLogJson } from "#gen/envoy/config/accesslog/v3/accesslog_pb.js";
import { HttpGrpcAccessLogConfigSchema, TcpGrpcAccessLogConfigSchema, type CommonGrpcAccessLogConfigJson } from "#gen/envoy/extensions/access_loggers/grpc/v3/als_pb.js";
import type { IRAccessLog } from "../../ir/types.js";
import { compact, duration, typed } from "../values.js";
import type { Feature } from "./feature.js";
import { serviceClusterJson } from "./service-cluster.js";

export const accessLog: Feature = {
  name: "access-log",
  goldenCases: ["feature-access-log-http", "feature-access-log-tcp"],
  connectionManager: {
    onListener: (_l, s) => {
      const logs = s.accessLogs ?? [];
      if (!logs.length) return undefined;
      return { fields: { accessLog: logs.map(accessLogJson) }, clusters: logs.map((a) => a.cluster.name) };
    },
  },
  clusters: (ir) => uniqueByName((ir.settings.accessLogs ?? []).map((a) => serviceClusterJson(a.cluster))),
};

function accessLogJson(a: IRAccessLog): AccessLogJson {
  const commonConfig: CommonGrpcAccessLogConfigJson = {
    logName: a.logName,
    grpcService: { envoyGrpc: { clusterName: a.cluster.name } },
    transportApiVersion: "V3",
    bufferFlushInterval: duration(a.flushIntervalMs),
    bufferSizeBytes: a.bufferSizeBytes,
  };
  if (a.driver === "tcp") return { name: "envoy.access_loggers.tcp_grpc", typedConfig: typed(TcpGrpcAccessLogConfigSchema, { commonConfig }) };
  return {
    name: "envoy.access_loggers.http_grpc",
    typedConfig: typed(HttpGrpcAccessLogConfigSchema, compact({
      commonConfig,
      additionalRequestHeadersToLog: a.requestHeaders.length ? [...a.requestHeaders] : undefined,
      additionalResponseHeadersToLog: a.responseHeaders.length ? [...a.responseHeaders] : undefined,
      additionalResponseTrailersToLog: a.trailerHeaders.length ? [...a.trailerHeaders] : undefined,
    })),
  };
}

function uniqueByName<T extends { readonly name: string }>(items: readonly T[]): T[] {
  const seen = new Set<string>();
  return items.filter((i) => !seen.has(i.name) && seen.add(i.name));
}
