// `attache run --kubernetes` end to end: a real kube-apiserver (CRDs from deploy/crds.yaml), attache
// reading it, and the real Envoy it supervises serving a backend on 127.0.0.1 (an IP literal
// service needs no EndpointSlice). Mappings applied with kubectl are served within 2 s, deletes
// 404, Envoy keeps serving through an API server outage, and two instances agree byte for byte.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { request, sleep, startAttache, startBackend, timeUntil, type Attache, type Backend } from "../support/harness/index.js";
import { CLUSTER_SETUP_TIMEOUT_MS, installAmbassadorCrds, startTestCluster, type TestCluster } from "./helpers/test-cluster.js";

const CLUSTER = `krun-${process.pid}`;
const SECRET_VALUE = "e2e-secret-never-logged-91c2";

let cluster: TestCluster;
let backend: Backend;
let gw: Attache;
let twin: Attache | undefined;

const mapping = (name: string, prefix: string) => ({
  apiVersion: "getambassador.io/v3alpha1",
  kind: "Mapping",
  metadata: { namespace: "default", name },
  spec: { prefix, service: backend.service },
});
const statusOf = async (a: Attache, path: string) => (await request(a.ports.listener, path, { timeoutMs: 2000 })).status;

describe("attache run --kubernetes", { timeout: CLUSTER_SETUP_TIMEOUT_MS }, () => {
  before(async () => {
    backend = await startBackend("k8s-backend");
    cluster = await startTestCluster(CLUSTER);
    await installAmbassadorCrds(cluster);
    await cluster.apply(mapping("pre", "/pre/"), {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { namespace: "default", name: "tls-like" },
      stringData: { key: SECRET_VALUE },
    });
    gw = await startAttache({ kubernetes: { kubeconfig: cluster.kubeconfig } });
  });

  after(async () => {
    await twin?.stop();
    await gw?.stop();
    await backend?.stop();
    await cluster?.stop();
  });

  it("serves the Mappings that existed at start", async () => {
    await timeUntil(async () => (await statusOf(gw, "/pre/x")) === 200, 10_000, { what: "/pre/ served" });
    assert.equal(backend.received.at(-1)?.path, "/x");
  });

  it("a Mapping applied with kubectl is served within 2 s; deleted, it 404s within 2 s", async (t) => {
    await cluster.apply(mapping("live", "/live/"));
    const served = await timeUntil(async () => (await statusOf(gw, "/live/a")) === 200, 5000, { what: "/live/ served", intervalMs: 20 });
    assert.ok(served.ms < 2000, `served ${served.ms} ms after kubectl apply returned\n${gw.output().slice(-2000)}`);
    await cluster.kubectl(["delete", "mapping", "live", "-n", "default"]);
    const gone = await timeUntil(async () => (await statusOf(gw, "/live/a")) === 404, 5000, { what: "/live/ 404", intervalMs: 20 });
    assert.ok(gone.ms < 2000, `404 ${gone.ms} ms after kubectl delete returned`);
    t.diagnostic(`apply→served ${served.ms} ms, delete→404 ${gone.ms} ms`);
  });

  it("two instances reading the same API server build byte-identical Envoy config", async () => {
    await cluster.apply(mapping("second", "/second/"));
    // attache refuses a listener port another instance holds (SO_REUSEPORT would split its
    // traffic), and the port is part of the listener and route config names: compare the
    // types the port does not enter.
    twin = await startAttache({ kubernetes: { kubeconfig: cluster.kubeconfig } });
    const portFree = (v: Record<string, string>) => Object.fromEntries(Object.entries(v).filter(([t]) => !/Listener$|RouteConfiguration$/.test(t)));
    const agreed = await timeUntil(async () => {
      const [a, b] = await Promise.all([gw.diag(), twin!.diag()]);
      const [va, vb] = [portFree(a.versions), portFree(b.versions)];
      return Object.keys(va).length > 0 && JSON.stringify(va) === JSON.stringify(vb) && va;
    }, 10_000, { what: "equal cluster, endpoint and secret versions in both diag JSONs" });
    assert.ok(Object.keys(agreed.value).length >= 2, JSON.stringify(agreed.value));
    await twin.stop();
    twin = undefined;
  });

  it("Envoy keeps serving through a 10 s API server outage; a Mapping applied after the restart is served", { timeout: 120_000 }, async (t) => {
    await cluster.stopApiserver();
    const until = Date.now() + 10_000;
    let probes = 0;
    while (Date.now() < until) {
      assert.equal(await statusOf(gw, "/pre/during"), 200, `/pre/ not served during the outage\n${gw.output().slice(-2000)}`);
      probes++;
      await sleep(250);
    }
    await cluster.restartApiserver();
    await cluster.apply(mapping("after", "/after/"));
    const served = await timeUntil(async () => (await statusOf(gw, "/after/b")) === 200, 45_000, { what: "/after/ served", intervalMs: 50 });
    assert.equal(await statusOf(gw, "/pre/still"), 200);
    t.diagnostic(`${probes} probes served during the outage; /after/ served ${served.ms} ms after its apply`);
  });

  it("secret values appear nowhere in attache's output or diagnostics", async () => {
    const everything = `${gw.output()}\n${JSON.stringify(await gw.diag())}`;
    assert.ok(/kubernetes/.test(gw.output()), "the output was captured");
    for (const leak of [SECRET_VALUE, Buffer.from(SECRET_VALUE).toString("base64")]) assert.ok(!everything.includes(leak), `secret value in the output:\n${everything.slice(-3000)}`);
  });
});
