// The Kubernetes source against a real kube-apiserver: the first snapshot after sync, live
// create/update/delete, status-only writes ignored, namespace scoping, bookmarks, an API server
// outage (last snapshot kept, bounded reconnects, changes picked up after), and secret values
// never logged.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { loadKubeClient } from "../../src/k8s/client.js";
import { formatDiagnostic } from "../../src/core/diagnostics.js";
import { createKubernetesSource, type KubernetesSource } from "../../src/sources/kubernetes/source.js";
import type { SourceDocument, SourceSnapshot } from "../../src/core/source-document.js";
import { createLogger } from "../../src/util/logger.js";
import { CLUSTER_SETUP_TIMEOUT_MS, installAmbassadorCrds, startTestCluster, userKubeconfig, type TestCluster } from "./helpers/test-cluster.js";

const CLUSTER = `ksource-${process.pid}`;
const SECRET_VALUE = "hunter2-do-not-log-7f3a";
const SECRET_B64 = Buffer.from(SECRET_VALUE).toString("base64");

let cluster: TestCluster;
const sources: KubernetesSource[] = [];
const logLines: string[] = [];

interface Recording {
  readonly snapshots: { readonly at: number; readonly snapshot: SourceSnapshot }[];
  latest(): SourceSnapshot;
  /** Resolves with the first snapshot (already recorded or coming) that satisfies `pred`. */
  waitFor(what: string, pred: (s: SourceSnapshot) => boolean, timeoutMs: number): Promise<{ at: number; snapshot: SourceSnapshot }>;
}

async function startSource(opts: Parameters<typeof createKubernetesSource>[1] = {}, kubeconfig = cluster.kubeconfig): Promise<{ source: KubernetesSource; rec: Recording; first: SourceSnapshot }> {
  const client = await loadKubeClient({ kubeconfig });
  const logger = createLogger({ level: "debug", sink: (l) => logLines.push(l) });
  const source = createKubernetesSource(client, { logger, ...opts });
  sources.push(source);
  const snapshots: { at: number; snapshot: SourceSnapshot }[] = [];
  const rec: Recording = {
    snapshots,
    latest: () => snapshots.at(-1)!.snapshot,
    async waitFor(what, pred, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const hit = snapshots.find((s) => pred(s.snapshot));
        if (hit) return hit;
        if (Date.now() > deadline) assert.fail(`no snapshot with ${what} within ${timeoutMs} ms; last: ${summary(rec.latest())}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
  };
  const first = await source.start((snapshot) => snapshots.push({ at: Date.now(), snapshot }));
  snapshots.unshift({ at: Date.now(), snapshot: first });
  return { source, rec, first };
}

const meta = (d: SourceDocument) => (d.value as { metadata: { namespace?: string; name: string } }).metadata;
const kindOf = (d: SourceDocument) => (d.value as { kind: string }).kind;
const idOf = (d: SourceDocument) => `${kindOf(d)}/${meta(d).namespace ?? ""}/${meta(d).name}`;
const find = (s: SourceSnapshot, id: string) => s.documents.find((d) => idOf(d) === id);
const ids = (s: SourceSnapshot, ns?: string) => s.documents.filter((d) => ns === undefined || meta(d).namespace === ns).map(idOf);
const summary = (s: SourceSnapshot) => `generation ${s.generation}: ${ids(s).join(", ")}; ${s.diagnostics.map(formatDiagnostic).join("; ")}`;

const mapping = (ns: string, name: string, prefix = `/${name}/`) => ({
  apiVersion: "getambassador.io/v3alpha1",
  kind: "Mapping",
  metadata: { namespace: ns, name },
  spec: { prefix, service: "127.0.0.1:9" },
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("kubernetes source against a real API server", { timeout: CLUSTER_SETUP_TIMEOUT_MS }, () => {
  let main: Awaited<ReturnType<typeof startSource>>;

  before(async () => {
    cluster = await startTestCluster(CLUSTER);
    // ConsulResolver's CRD left out: a missing API must not block the rest.
    await installAmbassadorCrds(cluster, { except: ["consulresolvers"] });
    await cluster.apply(...["a", "b", "c"].map((name) => ({ apiVersion: "v1", kind: "Namespace", metadata: { name } })));
    await cluster.apply(
      mapping("a", "m1"),
      mapping("b", "m2"),
      { apiVersion: "v1", kind: "Service", metadata: { namespace: "a", name: "svc" }, spec: { ports: [{ port: 80 }] } },
      { apiVersion: "v1", kind: "Secret", metadata: { namespace: "a", name: "creds" }, type: "Opaque", data: { token: SECRET_B64 } },
      { apiVersion: "networking.k8s.io/v1", kind: "IngressClass", metadata: { name: "attache" }, spec: { controller: "getambassador.io/ingress-controller" } },
    );
    await cluster.kubectl(["patch", "mapping", "m1", "-n", "a", "--subresource=status", "--type=merge", "-p", '{"status":{"state":"Running"}}']);
    main = await startSource();
    // Fresh CRDs answer 429 while their watch caches initialize: later timings are for a settled source.
    await main.rec.waitFor("only the ConsulResolver warning", (s) => s.diagnostics.length === 1 && s.diagnostics[0]!.severity === "warning", 30_000);
  });

  after(async () => {
    await Promise.all(sources.map((s) => s.stop()));
    await cluster?.stop();
  });

  it("the first snapshot holds the objects that existed before start, cleaned, in a stable order", () => {
    const first = main.first;
    for (const id of ["Mapping/a/m1", "Mapping/b/m2", "Service/a/svc", "Secret/a/creds", "IngressClass//attache"]) assert.ok(find(first, id), `${id} missing: ${summary(first)}`);
    const m1 = find(first, "Mapping/a/m1")!;
    const v = m1.value as Record<string, any>;
    assert.equal(v["apiVersion"], "getambassador.io/v3alpha1");
    assert.equal(v["kind"], "Mapping");
    assert.equal(v["status"], undefined, "status stripped from getambassador.io kinds");
    assert.equal(v["metadata"].managedFields, undefined);
    assert.deepEqual(v["spec"], { prefix: "/m1/", service: "127.0.0.1:9" });
    assert.deepEqual(m1.location, { file: "kubernetes", line: 0 });
    assert.equal(m1.text, "");
    assert.equal((find(first, "Service/a/svc")!.value as any).apiVersion, "v1");
    const keys = first.documents.map((d) => `${kindOf(d)}\0${meta(d).namespace ?? ""}\0${meta(d).name}`);
    assert.deepEqual(keys, [...keys].sort());
    const consul = first.diagnostics.find((d) => /ConsulResolver/.test(d.message));
    assert.ok(consul, `no diagnostic about the missing ConsulResolver API: ${summary(first)}`);
    assert.equal(consul.severity, "warning");
  });

  it("create, update and delete show up within 1 s; unchanged objects keep their document", async () => {
    const before = main.rec.latest();
    await cluster.apply(mapping("a", "live"));
    let t = Date.now();
    const created = await main.rec.waitFor("Mapping/a/live", (s) => !!find(s, "Mapping/a/live"), 5000);
    assert.ok(created.at - t < 1000, `create took ${created.at - t} ms`);
    assert.equal(find(created.snapshot, "Mapping/a/m1"), find(before, "Mapping/a/m1"), "unchanged document reused");

    await cluster.apply(mapping("a", "live", "/changed/"));
    t = Date.now();
    const updated = await main.rec.waitFor("the update", (s) => (find(s, "Mapping/a/live")?.value as any)?.spec.prefix === "/changed/", 5000);
    assert.ok(updated.at - t < 1000, `update took ${updated.at - t} ms`);

    await cluster.kubectl(["delete", "mapping", "live", "-n", "a"]);
    t = Date.now();
    const deleted = await main.rec.waitFor("the delete", (s) => s.generation > updated.snapshot.generation && !find(s, "Mapping/a/live"), 5000);
    assert.ok(deleted.at - t < 1000, `delete took ${deleted.at - t} ms`);
  });

  it("a status-only write emits nothing; a spec change after it does", async () => {
    const count = main.rec.snapshots.length;
    await cluster.kubectl(["patch", "mapping", "m2", "-n", "b", "--subresource=status", "--type=merge", "-p", '{"status":{"state":"Inactive","reason":"test"}}']);
    await sleep(1000);
    assert.equal(main.rec.snapshots.length, count, `status write emitted: ${summary(main.rec.latest())}`);
    await cluster.apply(mapping("b", "m2", "/m2-new/"));
    await main.rec.waitFor("the spec change", (s) => (find(s, "Mapping/b/m2")?.value as any)?.spec.prefix === "/m2-new/", 5000);
  });

  it("the first sync reports its progress: each scope's initial LIST, with the objects read so far", async () => {
    const calls: [number, number, number][] = [];
    const { source, first } = await startSource({ onSyncProgress: (synced, total, objects) => calls.push([synced, total, objects]) });
    const total = source.stats().length;
    assert.equal(calls.length, total, "one report per scope");
    assert.deepEqual(calls.map(([synced]) => synced), Array.from({ length: total }, (_, i) => i + 1));
    assert.ok(calls.every(([, t]) => t === total));
    const objects = calls.map(([, , o]) => o);
    assert.ok(objects.every((o, i) => i === 0 || o >= objects[i - 1]!), "objects only grow");
    assert.ok(objects.at(-1)! > 0 && first.documents.length > 0, `${objects.at(-1)} objects reported, ${first.documents.length} documents`);
  });

  it("a namespace-scoped source sees only its namespaces; bookmarks advance its resourceVersion", async () => {
    await cluster.apply(mapping("c", "mc"));
    const scoped = await startSource({ namespaces: ["c"], timing: { watchTimeoutS: 5 } });
    assert.deepEqual(ids(scoped.first).filter((id) => !id.startsWith("IngressClass/")), ["Mapping/c/mc"]);
    assert.ok(find(scoped.first, "IngressClass//attache"), "cluster-scoped kinds are read cluster-wide");
    const scopes = scoped.source.stats().map((s) => s.scope);
    assert.ok(scopes.includes("mappings in namespace c") && scopes.includes("ingressclasses"), scopes.join(", "));
    const rvOf = () => scoped.source.stats().find((s) => s.scope === "mappings in namespace c")!.resourceVersion;
    const listed = BigInt(rvOf());
    const count = scoped.rec.snapshots.length;
    // A change elsewhere moves the mappings' resourceVersion on; namespace c learns it only from a bookmark.
    await cluster.apply(mapping("a", "elsewhere"));
    const deadline = Date.now() + 15_000;
    while (BigInt(rvOf()) <= listed && Date.now() < deadline) await sleep(100);
    assert.ok(BigInt(rvOf()) > listed, `resourceVersion still ${rvOf()} (listed at ${listed})`);
    assert.equal(scoped.rec.snapshots.length, count, "a bookmark emits no snapshot");
    assert.equal(ids(scoped.rec.latest(), "a").length, 0);
    await cluster.apply(mapping("c", "mc2"));
    await scoped.rec.waitFor("Mapping/c/mc2", (s) => !!find(s, "Mapping/c/mc2"), 5000);
  });

  it("a type the credentials may not read (RBAC) is reported and does not hold up the first snapshot", async () => {
    await cluster.apply(
      {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "ClusterRole",
        metadata: { name: "attache-no-secrets" },
        rules: [
          { apiGroups: ["getambassador.io"], resources: ["*"], verbs: ["get", "list", "watch"] },
          { apiGroups: [""], resources: ["services"], verbs: ["get", "list", "watch"] },
          { apiGroups: ["discovery.k8s.io"], resources: ["endpointslices"], verbs: ["get", "list", "watch"] },
          { apiGroups: ["networking.k8s.io"], resources: ["ingresses", "ingressclasses"], verbs: ["get", "list", "watch"] },
        ],
      },
      {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "ClusterRoleBinding",
        metadata: { name: "attache-no-secrets" },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "attache-no-secrets" },
        subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "limited" }],
      },
    );
    const limited = await startSource({}, userKubeconfig(cluster, "limited"));
    assert.ok(find(limited.first, "Mapping/a/m1"), summary(limited.first));
    assert.equal(ids(limited.first).filter((id) => id.startsWith("Secret/")).length, 0);
    const denied = limited.first.diagnostics.find((d) => /secrets/.test(d.message));
    assert.ok(denied, summary(limited.first));
    assert.equal(denied.severity, "error");
    assert.match(denied.message, /not allowed to list secrets \(all namespaces\) \(RBAC: grant get, list and watch\)/);
    await limited.source.stop();
  });

  it("a CRD installed after start is picked up at the next slow retry, and its warning clears", async () => {
    const late = await startSource({ types: [{ kind: "ConsulResolver", apiVersion: "getambassador.io/v3alpha1", plural: "consulresolvers", namespaced: true, stripStatus: true }], timing: { missingRetryMs: 1000 } });
    assert.match(late.first.diagnostics.map(formatDiagnostic).join("\n"), /ConsulResolver \(getambassador\.io\/v3alpha1\) is not served/);
    await installAmbassadorCrds(cluster, { only: ["consulresolvers"] });
    await cluster.apply({ apiVersion: "getambassador.io/v3alpha1", kind: "ConsulResolver", metadata: { namespace: "a", name: "consul" }, spec: { address: "127.0.0.1:8500", datacenter: "dc1" } });
    const seen = await late.rec.waitFor("the ConsulResolver", (s) => !!find(s, "ConsulResolver/a/consul") && s.diagnostics.length === 0, 15_000);
    assert.equal(seen.snapshot.documents.length, 1);
    await late.source.stop();
  });

  it("an API server outage keeps the last snapshot, reconnects with backoff and picks up changes", { timeout: 90_000 }, async (t) => {
    const requestsBefore = main.source.stats().map((s) => s.requests);
    const countBefore = main.rec.snapshots.length;
    const docsBefore = main.rec.latest().documents;
    await cluster.apply(mapping("a", "before-stop"));
    await cluster.stopApiserver();
    const stoppedAt = Date.now();
    await sleep(10_000);
    for (const { snapshot } of main.rec.snapshots.slice(countBefore)) {
      for (const d of docsBefore) assert.ok(snapshot.documents.includes(d), `${idOf(d)} dropped during the outage: ${summary(snapshot)}`);
    }
    const during = main.rec.latest();
    assert.ok(during.diagnostics.some((d) => d.severity === "error" && /cannot (list|watch)/.test(d.message)), `the outage is reported: ${summary(during)}`);
    await cluster.restartApiserver();
    const restartedAt = Date.now();
    await cluster.apply(mapping("b", "after-restart"));
    const seen = await main.rec.waitFor("both changes", (s) => !!find(s, "Mapping/a/before-stop") && !!find(s, "Mapping/b/after-restart"), 45_000);
    assert.ok(seen.at - restartedAt < 40_000, `picked up ${seen.at - restartedAt} ms after the restart`);
    await main.rec.waitFor("the outage diagnostics cleared", (s) => s.diagnostics.every((d) => d.severity === "warning"), 45_000);
    const outageS = (restartedAt - stoppedAt) / 1000;
    const perScope = main.source.stats().map((s, i) => ({ scope: s.scope, requests: s.requests - requestsBefore[i]! }));
    const worst = perScope.reduce((a, b) => (b.requests > a.requests ? b : a));
    t.diagnostic(`outage ${outageS}s; changes seen ${seen.at - restartedAt} ms after the restart; most requests: ${worst.scope} ${worst.requests}`);
    // 250 ms doubling (jittered down to half) over the outage: a dozen attempts at most, not hundreds.
    assert.ok(worst.requests <= 14, `${worst.scope}: ${worst.requests} requests over a ${outageS}s outage`);
    assert.ok(perScope.some((s) => s.requests >= 3), "the loops did retry");
  });

  it("secret values never appear in logs or diagnostics, though the secret is in the snapshot", () => {
    const secret = find(main.rec.latest(), "Secret/a/creds");
    assert.equal((secret?.value as any)?.data?.token, SECRET_B64);
    assert.ok(logLines.length > 0, "the outage was logged");
    const diagnostics = main.rec.snapshots.flatMap((s) => s.snapshot.diagnostics.map(formatDiagnostic));
    for (const line of [...logLines, ...diagnostics]) {
      assert.ok(!line.includes(SECRET_VALUE) && !line.includes(SECRET_B64), `secret leaked: ${line}`);
    }
  });
});
