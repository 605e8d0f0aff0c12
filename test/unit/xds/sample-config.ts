// A small, complete Envoy configuration in proto3 JSON, written by hand for the xDS tests:
// the shape @grpc/grpc-js-xds accepts (api_listener + RDS over ADS, EDS cluster, localities).
import type { EnvoyConfig, EnvoyResource, JsonObject } from "../../../src/envoy/types.js";

const ADS = { ads: {}, resourceApiVersion: "V3" };
const HCM = "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager";
const ROUTER = "type.googleapis.com/envoy.extensions.filters.http.router.v3.Router";

export interface SampleOptions {
  /** The xds:/// target name: the Listener name and the virtual host domain. */
  readonly target: string;
  readonly cluster: string;
  readonly backendPort: number;
  readonly lbPolicy?: string;
  /** Route configuration name. */
  readonly routeName?: string;
}

function src(name: string): EnvoyResource["sources"] {
  return [{ kind: "Mapping", namespace: "default", name, location: { file: "mappings.yaml", line: 1 } }];
}

function resource(name: string, json: JsonObject, source: string): EnvoyResource {
  return { name, json, sources: src(source) };
}

export function sampleConfig(o: SampleOptions): EnvoyConfig {
  const routeName = o.routeName ?? `${o.target}-routes`;
  return {
    listeners: [
      resource(o.target, {
        name: o.target,
        apiListener: {
          apiListener: {
            "@type": HCM,
            statPrefix: "peer",
            rds: { routeConfigName: routeName, configSource: ADS },
            httpFilters: [{ name: "envoy.filters.http.router", typedConfig: { "@type": ROUTER } }],
          },
        },
      }, "listener"),
    ],
    routes: [
      resource(routeName, {
        name: routeName,
        virtualHosts: [{ name: "vh", domains: [o.target], routes: [{ match: { prefix: "" }, route: { cluster: o.cluster } }] }],
      }, "mapping"),
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
