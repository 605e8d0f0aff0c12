// The cluster of a service Envoy itself calls (an access log or trace collector). gRPC
// collectors need HTTP/2 upstream; an IP literal needs no DNS.
import { isIP } from "node:net";
import type { ClusterJson } from "#gen/envoy/config/cluster/v3/cluster_pb.js";
import { HttpProtocolOptionsSchema } from "#gen/envoy/extensions/upstreams/http/v3/http_protocol_options_pb.js";
import type { IRServiceCluster } from "../../ir/types.js";
import { loadAssignmentJson } from "../cluster.js";
import type { EnvoyResource } from "../types.js";
import { compact, duration, typed } from "../values.js";

export function serviceClusterJson(c: IRServiceCluster): EnvoyResource<ClusterJson> {
  const json: ClusterJson = compact({
    name: c.name,
    type: isIP(c.host) ? "STATIC" : "STRICT_DNS",
    connectTimeout: duration(c.connectTimeoutMs),
    dnsLookupFamily: isIP(c.host) ? undefined : "V4_ONLY",
    loadAssignment: loadAssignmentJson(c.name, [{ address: c.host, port: c.port }]),
    typedExtensionProtocolOptions: c.http2
      ? { "envoy.extensions.upstreams.http.v3.HttpProtocolOptions": typed(HttpProtocolOptionsSchema, { explicitHttpConfig: { http2ProtocolOptions: {} } }) }
      : undefined,
  });
  return { name: c.name, json, sources: [c.source] };
}
