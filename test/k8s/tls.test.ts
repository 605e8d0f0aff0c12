// TLS in Kubernetes mode: a kubernetes.io/tls Secret created through the real API server is
// served by Envoy for its Host; replaced with kubectl apply, the new certificate reaches new
// handshakes over SDS alone (no listener update). Keys never show in attache's output.
import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { freePorts, parseStats, startAttache, startBackend, timeUntil, tlsRequest, type Attache, type Backend } from "../support/harness/index.js";
import { TestCa, type Leaf } from "../support/pki.js";
import { CLUSTER_SETUP_TIMEOUT_MS, installAmbassadorCrds, startTestCluster, type TestCluster } from "./helpers/test-cluster.js";

const CLUSTER = `ktls-${process.pid}`;
const ca = new TestCa("k8s-tls-ca");
const [first, second] = [ca.issue({ cn: "k8s.test" }), ca.issue({ cn: "k8s.test" })] as [Leaf, Leaf];
const fingerprintOf = (l: Leaf) => new X509Certificate(l.cert).fingerprint256;

let cluster: TestCluster;
let backend: Backend;
let gw: Attache;
let port: number;

const amb = (kind: string, name: string, spec: Record<string, unknown>) => ({ apiVersion: "getambassador.io/v3alpha1", kind, metadata: { namespace: "default", name }, spec });
const secret = (l: Leaf) => ({
  apiVersion: "v1", kind: "Secret", type: "kubernetes.io/tls", metadata: { namespace: "default", name: "k8s-cert" },
  data: { "tls.crt": Buffer.from(l.cert).toString("base64"), "tls.key": Buffer.from(l.key).toString("base64") },
});
const served = async () => (await tlsRequest(port, "/k/x", { servername: "k8s.test", timeoutMs: 2000 })).peerFingerprint;
const listenerStats = async () => {
  const s = parseStats(await gw.admin("/stats?filter=listener_manager"));
  return ["listener_added", "listener_modified", "listener_removed", "lds.update_success"].map((n) => `${n}=${s.get(`listener_manager.${n}`) ?? "?"}`);
};

describe("TLS Secrets from the Kubernetes API", { timeout: CLUSTER_SETUP_TIMEOUT_MS }, () => {
  before(async () => {
    backend = await startBackend("k8s-tls-backend");
    [port] = (await freePorts(1)) as [number];
    cluster = await startTestCluster(CLUSTER);
    await installAmbassadorCrds(cluster);
    await cluster.apply(
      amb("Listener", "https", { port, protocol: "HTTPS", securityModel: "XFP" }),
      amb("Host", "k8s", { hostname: "k8s.test", tlsSecret: { name: "k8s-cert" } }),
      amb("Mapping", "k", { hostname: "*", prefix: "/k/", service: backend.service }),
    );
    gw = await startAttache({ kubernetes: { kubeconfig: cluster.kubeconfig } });
  });

  after(async () => {
    await gw?.stop();
    await backend?.stop();
    await cluster?.stop();
    ca.cleanup();
  });

  it("a TLS Secret created through the API server is served for its Host", async (t) => {
    await cluster.apply(secret(first));
    const r = await timeUntil(async () => (await served().catch(() => "")) === fingerprintOf(first), 15_000, { what: "the Secret's certificate served", intervalMs: 50 });
    t.diagnostic(`created → served in ${r.ms} ms`);
  });

  it("rotated with kubectl apply: new handshakes get the new certificate, no listener update", async (t) => {
    const before = await listenerStats();
    await cluster.apply(secret(second));
    const r = await timeUntil(async () => (await served().catch(() => "")) === fingerprintOf(second), 10_000, { what: "the rotated certificate served", intervalMs: 20 });
    assert.ok(r.ms < 3000, `rotated certificate served after ${r.ms} ms`);
    assert.deepEqual(await listenerStats(), before, "the rotation touched a listener");
    t.diagnostic(`rotation → served in ${r.ms} ms; ${before.join(", ")}`);
  });

  it("key material appears nowhere in attache's output or diagnostics", async () => {
    const text = `${gw.output()}\n${JSON.stringify(await gw.diag())}`;
    for (const l of [first, second]) {
      for (const line of l.key.split("\n").filter((x) => x.length > 16 && !x.startsWith("-----"))) assert.ok(!text.includes(line), "key material in the output");
      assert.ok(!text.includes(Buffer.from(l.key).toString("base64").slice(0, 48)), "base64 key material in the output");
    }
  });
});
