// EndpointSlices through the real API server to a real Envoy: a KubernetesEndpointResolver
// Mapping's traffic follows an EndpointSlice edit from one backend to another, and Envoy gets
// that change over EDS alone (no CDS update, no route change). Backends run on network-
// namespace test hosts, since the API server refuses loopback endpoint addresses.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestHost, type TestHost } from "../support/netns.js";
import { parseStats, request, startAttache, timeUntil, type Attache } from "../support/harness/index.js";
import { CLUSTER_SETUP_TIMEOUT_MS, installAmbassadorCrds, startTestCluster, type TestCluster } from "./helpers/test-cluster.js";

const CLUSTER = `keds-${process.pid}`;
const POD_PORT = 8080;

let cluster: TestCluster;
let gw: Attache;
const hosts: TestHost[] = [];

async function startPod(host: TestHost): Promise<void> {
  const script = `require('http').createServer((q, s) => s.end('pod ' + process.argv[1])).listen(${POD_PORT}, process.argv[1])`;
  host.spawn(process.execPath, ["-e", script, host.address], { stdio: "ignore" });
  await timeUntil(async () => {
    try {
      return (await fetch(`http://${host.address}:${POD_PORT}/`, { signal: AbortSignal.timeout(1000) })).ok;
    } catch {
      return false;
    }
  }, 10_000, { what: `pod on ${host.address}` });
}

const slice = (address: string) => ({
  apiVersion: "discovery.k8s.io/v1",
  kind: "EndpointSlice",
  metadata: { namespace: "default", name: "quote-1", labels: { "kubernetes.io/service-name": "quote" } },
  addressType: "IPv4",
  ports: [{ name: "http", port: POD_PORT, protocol: "TCP" }],
  endpoints: [{ addresses: [address], conditions: { ready: true } }],
});

async function answer(): Promise<string> {
  const res = await request(gw.ports.listener, "/q/", { timeoutMs: 2000 });
  return res.status === 200 ? res.body : `status ${res.status}`;
}

async function cdsUpdates(): Promise<number> {
  return parseStats(await gw.admin("/stats?filter=cluster_manager.cds.update_success")).get("cluster_manager.cds.update_success") ?? -1;
}

describe("EndpointSlices drive EDS", { timeout: CLUSTER_SETUP_TIMEOUT_MS }, () => {
  before(async () => {
    for (let i = 0; i < 2; i++) hosts.push(createTestHost());
    await Promise.all(hosts.map(startPod));
    cluster = await startTestCluster(CLUSTER);
    await installAmbassadorCrds(cluster);
    await cluster.apply(
      { apiVersion: "getambassador.io/v3alpha1", kind: "KubernetesEndpointResolver", metadata: { namespace: "default", name: "endpoint" } },
      { apiVersion: "v1", kind: "Service", metadata: { namespace: "default", name: "quote" }, spec: { ports: [{ name: "http", port: 80, targetPort: POD_PORT }] } },
      slice(hosts[0]!.address),
      { apiVersion: "getambassador.io/v3alpha1", kind: "Mapping", metadata: { namespace: "default", name: "quote" }, spec: { prefix: "/q/", service: "quote", resolver: "endpoint" } },
    );
    gw = await startAttache({ kubernetes: { kubeconfig: cluster.kubeconfig } });
  });

  after(async () => {
    await gw?.stop();
    await cluster?.stop();
    for (const h of hosts) h.close();
  });

  it("routes to the EndpointSlice's ready endpoint on the pods' port", async () => {
    await timeUntil(async () => (await answer()) === `pod ${hosts[0]!.address}`, 10_000, { what: "the first pod answers" });
  });

  it("an EndpointSlice edit moves traffic within 2 s, with no CDS update", async (t) => {
    const cdsBefore = await cdsUpdates();
    assert.ok(cdsBefore > 0, "Envoy reports CDS updates");
    const diagBefore = await gw.diag();
    await cluster.apply(slice(hosts[1]!.address));
    const moved = await timeUntil(async () => (await answer()) === `pod ${hosts[1]!.address}`, 5000, { what: "traffic on the second pod", intervalMs: 20 });
    assert.ok(moved.ms < 2000, `moved after ${moved.ms} ms`);
    assert.equal(await cdsUpdates(), cdsBefore, "Envoy received a CDS update for an endpoint change");
    const diagAfter = await gw.diag();
    const versions = (d: typeof diagAfter) => (d as unknown as { versions: Record<string, string> }).versions;
    const type = (suffix: string) => Object.keys(versions(diagAfter)).find((k) => k.endsWith(suffix)) as string;
    assert.equal(versions(diagAfter)[type("Cluster")], versions(diagBefore)[type("Cluster")], "cluster version changed");
    assert.equal(versions(diagAfter)[type("RouteConfiguration")], versions(diagBefore)[type("RouteConfiguration")], "routes changed");
    assert.notEqual(versions(diagAfter)[type("ClusterLoadAssignment")], versions(diagBefore)[type("ClusterLoadAssignment")]);
    t.diagnostic(`EndpointSlice edit → traffic moved in ${moved.ms} ms; CDS updates ${cdsBefore} before and after`);
  });

  it("an endpoint that is not ready gets no traffic", async () => {
    const notReady = slice(hosts[0]!.address);
    notReady.endpoints = [
      { addresses: [hosts[0]!.address], conditions: { ready: false } },
      { addresses: [hosts[1]!.address], conditions: { ready: true } },
    ];
    await cluster.apply(notReady);
    await timeUntil(async () => (await answer()) === `pod ${hosts[1]!.address}`, 5000, { what: "the ready pod answers" });
    for (let i = 0; i < 20; i++) assert.equal(await answer(), `pod ${hosts[1]!.address}`);
  });
});
