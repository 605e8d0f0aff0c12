import { test } from "node:test";
import assert from "node:assert/strict";
import { clusterRefs } from "../../../src/xds/cluster-refs.js";
import { ResourceEncoder } from "../../../src/envoy/encode.js";
import { TYPE_URLS, type EnvoyConfig, type JsonObject } from "../../../src/envoy/types.js";
import { buildSnapshot } from "../../../src/xds/snapshot.js";

test("finds clusters of routes, weighted clusters, mirrors, tcp_proxy and gRPC services, in both spellings", () => {
  const route: JsonObject = {
    name: "r",
    virtualHosts: [{
      name: "vh",
      domains: ["*"],
      routes: [
        { match: { prefix: "/a" }, route: { cluster: "a", requestMirrorPolicies: [{ cluster: "mirror" }] } },
        { match: { prefix: "/w" }, route: { weightedClusters: { clusters: [{ name: "w1", weight: 1 }, { name: "w2", weight: 1 }] } } },
        { match: { prefix: "/s" }, route: { weighted_clusters: { clusters: [{ name: "w3", weight: 1 }] } } },
        { match: { prefix: "/dup" }, route: { cluster: "a" } },
      ],
    }],
  };
  assert.deepEqual(clusterRefs(route), ["a", "mirror", "w1", "w2", "w3"]);
  const listener: JsonObject = {
    filterChains: [{ filters: [
      { typedConfig: { "@type": "type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy", cluster: "tcp" } },
      { typedConfig: { grpcService: { envoyGrpc: { clusterName: "authz" } }, grpc_service: { envoy_grpc: { cluster_name: "rl" } } } },
    ] }],
  };
  assert.deepEqual(clusterRefs(listener), ["authz", "rl", "tcp"]);
});

test("the snapshot keeps the generator's refs and derives them when absent", () => {
  const ads = { ads: {}, resourceApiVersion: "V3" };
  const config: EnvoyConfig = {
    listeners: [],
    routes: [
      { name: "derived", json: { name: "derived", virtualHosts: [{ name: "v", domains: ["*"], routes: [{ match: { prefix: "/" }, route: { cluster: "c1" } }] }] }, sources: [] },
      { name: "given", json: { name: "given" }, sources: [], refs: ["c9"] },
    ],
    clusters: [{ name: "c1", json: { name: "c1", type: "EDS", edsClusterConfig: { edsConfig: ads } }, sources: [] }],
    endpoints: [],
    secrets: [],
  };
  const snap = buildSnapshot(1, config, new ResourceEncoder());
  const routes = snap.types[TYPE_URLS.route]!.resources;
  assert.deepEqual(routes.get("derived")!.refs, ["c1"]);
  assert.deepEqual(routes.get("given")!.refs, ["c9"]);
  assert.equal(snap.types[TYPE_URLS.cluster]!.resources.get("c1")!.refs, undefined, "clusters refer to nothing");
});
