// How attache speaks HTTP to a cluster: HTTP/2 for `grpc: true`, and the connection idle
// timeout and maximum lifetime. Envoy takes all three from one HttpProtocolOptions, which must
// name the protocol explicitly.
import { HttpProtocolOptionsSchema, type HttpProtocolOptionsJson } from "#gen/envoy/extensions/upstreams/http/v3/http_protocol_options_pb.js";
import { compact, duration, typed } from "../values.js";
import type { Feature } from "./feature.js";

export const upstreamHttp: Feature = {
  name: "upstream-http",
  goldenCases: ["mapping-cluster-settings"],
  cluster: (c) => {
    const o = c.options;
    if (!o || (o.http2 !== true && o.idleTimeoutMs === undefined && o.maxConnectionLifetimeMs === undefined)) return {};
    const common = compact<HttpProtocolOptionsJson["commonHttpProtocolOptions"] & object>({
      idleTimeout: o.idleTimeoutMs !== undefined ? duration(o.idleTimeoutMs) : undefined,
      maxConnectionDuration: o.maxConnectionLifetimeMs !== undefined ? duration(o.maxConnectionLifetimeMs) : undefined,
    });
    return {
      typedExtensionProtocolOptions: {
        "envoy.extensions.upstreams.http.v3.HttpProtocolOptions": typed(HttpProtocolOptionsSchema, compact({
          commonHttpProtocolOptions: Object.keys(common).length ? common : undefined,
          explicitHttpConfig: o.http2 === true ? { http2ProtocolOptions: {} } : { httpProtocolOptions: {} },
        })),
      },
    };
  },
};
