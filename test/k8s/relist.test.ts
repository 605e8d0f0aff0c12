// A real 410 Gone: kube-apiserver restarts with its watch cache starting at the current etcd
// revision, so a watch resumed from an older resourceVersion (other objects changed meanwhile)
// is refused as "too old". The Kubernetes source must relist and carry on with every change.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { loadKubeClient } from "../../src/k8s/client.js";
import { createKubernetesSource, type KubernetesSource } from "../../src/sources/kubernetes/source.js";
import { WATCHED_TYPES } from "../../src/sources/kubernetes/resource-types.js";
import type { SourceSnapshot } from "../../src/core/source-document.js";
import { timeUntil } from "../support/harness/index.js";
import { CLUSTER_SETUP_TIMEOUT_MS, startTestCluster, type TestCluster } from "./helpers/test-cluster.js";

const CLUSTER = `k410-${process.pid}`;
let cluster: TestCluster;
let source: KubernetesSource;
let last: SourceSnapshot | undefined;

const service = (name: string) => ({ apiVersion: "v1", kind: "Service", metadata: { namespace: "default", name }, spec: { ports: [{ port: 80 }] } });
const has = (name: string) => (last?.documents ?? []).some((d) => (d.value as { kind?: string; metadata?: { name?: string } }).kind === "Service" && (d.value as { metadata: { name: string } }).metadata.name === name);
const servicesScope = () => source.stats().find((s) => s.scope.startsWith("services"));

describe("410 Gone after an API server restart", { timeout: CLUSTER_SETUP_TIMEOUT_MS }, () => {
  before(async () => {
    cluster = await startTestCluster(CLUSTER);
    await cluster.apply(service("before"));
    const client = await loadKubeClient({ kubeconfig: cluster.kubeconfig });
    source = createKubernetesSource(client, { types: WATCHED_TYPES.filter((t) => t.plural === "services") });
    last = await source.start((s) => (last = s));
  });

  after(async () => {
    await source?.stop();
    await cluster?.stop();
  });

  it("relists and picks up the changes around the restart", async (t) => {
    assert.ok(has("before"));
    const listsBefore = servicesScope()?.lists ?? 0;
    // Other objects change, so the restarted API server's watch cache starts past our resourceVersion.
    for (let i = 0; i < 3; i++) await cluster.kubectl(["create", "configmap", `bump-${i}`, "-n", "default"]);
    await cluster.apply(service("just-before-stop"));
    await cluster.stopApiserver();
    await cluster.restartApiserver();
    await cluster.apply(service("after-restart"));
    await timeUntil(async () => has("after-restart") && has("just-before-stop"), 60_000, { what: "both Services in a snapshot" });
    const listsAfter = servicesScope()?.lists ?? 0;
    assert.ok(listsAfter > listsBefore, `no relist: LISTs ${listsBefore} before, ${listsAfter} after`);
    assert.ok(has("before"), "a relist must not lose objects");
    t.diagnostic(`LISTs of services: ${listsBefore} before the restart, ${listsAfter} after`);
  });
});
