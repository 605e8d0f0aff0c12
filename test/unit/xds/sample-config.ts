// A small, complete Envoy configuration in proto3 JSON, written by hand for the xDS tests:
// the shape @grpc/grpc-js-xds accepts (api_listener + RDS over ADS, EDS cluster, localities).
import type { ConfigSourceJson } from "#gen/envoy/config/core/v3/config_source_pb.js";
import { HttpConnectionManagerSchema } from "#gen/envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager_pb.js";
import { RouterSchema } from "#gen/envoy/extensions/filters/http/router/v3/router_pb.js";
import type { Cluster_LbPolicyJson } from "#gen/envoy/config/cluster/v3/cluster_pb.js";
import type { EnvoyConfig, EnvoyResource } from "../../../src/envoy/types.js";
import { typed } from "../../../src/envoy/values.js";

const ADS: ConfigSourceJson = { ads: {}, resourceApiVersion: "V3" };

export interface SampleOptions {
  /** The xds:/// target name: the Listener name and the virtual host domain. */
  readonly target: string;
  readonly cluster: string;
  readonly backendPort: number;
  readonly lbPolicy?: Cluster_LbPolicyJson;
  /** Route configuration name. */
  readonly routeName?: string;
}

function src(name: string): EnvoyResource["sources"] {
  return [{ kind: "Mapping", namespace: "default", name, location: { file: "mappings.yaml", line: 1 } }];
}

// The JSON type comes from where the resource goes, so the literal is checked against it.
function resource<J = never>(name: string, json: NoInfer<J>, source: string, refs?: string[]): EnvoyResource<J> {
  return { name, json, sources: src(source), ...(refs ? { refs } : {}) };
}

export function sampleConfig(o: SampleOptions): EnvoyConfig {
  const routeName = o.routeName ?? `${o.target}-routes`;
  return {
    listeners: [
      resource(o.target, {
        name: o.target,
        apiListener: {
          apiListener: typed(HttpConnectionManagerSchema, {
            statPrefix: "peer",
            rds: { routeConfigName: routeName, configSource: ADS },
            httpFilters: [{ name: "envoy.filters.http.router", typedConfig: typed(RouterSchema) }],
          }),
        },
      }, "listener"),
    ],
    routes: [
      resource(routeName, {
        name: routeName,
        virtualHosts: [{ name: "vh", domains: [o.target], routes: [{ match: { prefix: "" }, route: { cluster: o.cluster } }] }],
      }, "mapping", [o.cluster]),
    ],
    clusters: [
      resource(o.cluster, {
        name: o.cluster,
        type: "EDS",
        edsClusterConfig: { edsConfig: ADS },
        connectTimeout: "1s",
        lbPolicy: o.lbPolicy ?? "ROUND_ROBIN",
      }, "service"),
    ],
    endpoints: [
      resource(o.cluster, {
        clusterName: o.cluster,
        endpoints: [{
          locality: { region: "local", zone: "a" },
          loadBalancingWeight: 1,
          lbEndpoints: [{ endpoint: { address: { socketAddress: { address: "127.0.0.1", portValue: o.backendPort } } }, loadBalancingWeight: 1 }],
        }],
      }, "service"),
    ],
    secrets: [],
  };
}
