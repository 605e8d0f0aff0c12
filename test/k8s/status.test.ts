// Resource status against a real kube-apiserver (CRDs from deploy/crds.yaml). Most tests read
// Mappings with the real Kubernetes source into a real ControlPlane and give Envoy's ACKs by
// hand: the conditions objects end up with, no write when nothing changed, conflict retries,
// deleted objects, refused statuses, a 1,000-object burst, and Lease election between replicas.
// The last one runs `attache run --kubernetes` with a real Envoy: Programmed follows its ACK/NACK.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { loadKubeClient, type KubeClient } from "../../src/k8s/client.js";
import { ControlPlane } from "../../src/runtime/control-plane.js";
import { XdsCache } from "../../src/xds/cache.js";
import { TYPE_URLS } from "../../src/xds/resource-types.js";
import { silentLogger } from "../../src/util/logger.js";
import { createKubernetesSource, type KubernetesSource } from "../../src/sources/kubernetes/source.js";
import { hasErrors, translateDocuments } from "../../src/pipeline/translate.js";
import { WATCHED_TYPES } from "../../src/sources/kubernetes/resource-types.js";
import { StatusWriter, type StatusWriterOptions } from "../../src/status/writer.js";
import { StatusReporter, type LeaderSignal } from "../../src/status/reporter.js";
import { LeaseElector } from "../../src/status/lease.js";
import { startStatusReporting } from "../../src/status/wire.js";
import type { ResourceRef } from "../../src/core/diagnostics.js";
import { isDaemonAlive, killClusterOnProcessEnd, readState, restartApiserver, startCluster, stopApiserver, stopCluster, type ClusterState } from "../support/kube-cluster.js";
import { request, sleep, startAttache, startBackend, waitFor } from "../support/harness/index.js";

const run = promisify(execFile);
const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const CLUSTER = `status-${process.pid}`;
const NS = "status";
const LEASE_NS = "attache";
const MAPPINGS = `/apis/getambassador.io/v3alpha1/namespaces/${NS}/mappings`;
const SETUP_TIMEOUT_MS = 20 * 60_000;

let cluster: ClusterState | undefined;
let client: KubeClient;
let forgetCluster: () => void = () => {};
const cleanups: (() => Promise<void> | void)[] = [];

const always: LeaderSignal = { isLeader: () => true, on: () => undefined };

async function kubectl(args: string[]): Promise<string> {
  assert.ok(cluster);
  const { stdout } = await run(cluster.kubectl, ["--kubeconfig", cluster.kubeconfig, ...args], { encoding: "utf8" });
  return stdout;
}

async function api(method: string, path: string, body?: unknown, contentType?: string): Promise<any> {
  const res = await client.request(method, path, { ...(body === undefined ? {} : { body }), ...(contentType ? { contentType } : {}) });
  assert.ok(res.status >= 200 && res.status < 300, `${method} ${path}: HTTP ${res.status} ${res.body}`);
  return JSON.parse(res.body);
}

const getMapping = (name: string) => api("GET", `${MAPPINGS}/${name}`);
const condition = (obj: any, type: string) => (obj.status?.conditions ?? []).find((c: any) => c.type === type);

function mappingObject(name: string, spec: Record<string, unknown>): object {
  return { apiVersion: "getambassador.io/v3alpha1", kind: "Mapping", metadata: { name, namespace: NS }, spec };
}

/** Counts the requests a writer sends. */
function counting(c: KubeClient): { client: KubeClient; calls: string[]; peak: () => number } {
  const calls: string[] = [];
  let inFlight = 0;
  let peak = 0;
  const request: KubeClient["request"] = async (m, p, o) => {
    calls.push(`${m} ${p}`);
    peak = Math.max(peak, ++inFlight);
    try {
      return await c.request(m, p, o);
    } finally {
      inFlight--;
    }
  };
  return { calls, peak: () => peak, client: { ...c, request } };
}

interface Replica {
  readonly plane: ControlPlane;
  readonly source: KubernetesSource;
  readonly writer: StatusWriter;
  readonly reporter: StatusReporter;
  readonly calls: string[];
  /** Most requests the writer had open at once. */
  peak(): number;
  ackAll(): void;
  /** Waits until the control plane has seen `name` at `generation` (valid or not). */
  sees(name: string, generation: number): Promise<void>;
  /** One reporter pass, then until every queued write is done. */
  pass(force?: boolean): Promise<void>;
}

async function replica(leader: LeaderSignal, writerOpts: StatusWriterOptions = {}, namespace = NS): Promise<Replica> {
  const plane = new ControlPlane(new XdsCache(), {}, silentLogger);
  const source = createKubernetesSource(client, { namespaces: [namespace], types: WATCHED_TYPES.filter((t) => t.kind === "Mapping"), logger: silentLogger });
  await source.start((s) => plane.apply(s));
  const counted = counting(client);
  const writer = new StatusWriter(counted.client, { backoffMs: 20, ...writerOpts });
  const reporter = new StatusReporter(plane, writer, leader, { defaultNamespace: "default" });
  cleanups.push(() => writer.stop(), () => source.stop());
  return {
    plane, source, writer, reporter, calls: counted.calls, peak: counted.peak,
    ackAll() {
      const s = plane.status();
      for (const t of [TYPE_URLS.cluster, TYPE_URLS.listener, TYPE_URLS.route]) plane.handleAck({ nodeId: "envoy", typeUrl: t, version: s.versions[t] as string, serial: s.snapshotSerial });
    },
    async sees(name, generation) {
      await waitFor(() => plane.lastTranslation()?.source.documents.some((d) => {
        const m = (d.value as any).metadata;
        return m.name === name && m.generation === generation;
      }), 10_000, { what: `control plane to see ${name} generation ${generation}` });
    },
    async pass(force = false) {
      reporter.tick(force);
      await writer.idle();
    },
  };
}

describe("resource status on a real API server", { timeout: SETUP_TIMEOUT_MS }, () => {
  before(async () => {
    forgetCluster = killClusterOnProcessEnd(CLUSTER);
    cluster = await startCluster(CLUSTER);
    client = await loadKubeClient({ kubeconfig: cluster.kubeconfig });
    await kubectl(["apply", "--server-side", "-f", join(REPO_ROOT, "deploy/crds.yaml")]);
    await kubectl(["wait", "--for=condition=Established", "--timeout=60s", "crd/mappings.getambassador.io"]);
    await kubectl(["create", "namespace", NS]);
    await kubectl(["create", "namespace", LEASE_NS]);
  });

  after(async () => {
    for (const c of cleanups.reverse()) await c();
    await stopCluster(CLUSTER);
    forgetCluster();
  });

  let main: Replica;
  let hook: ((ref: ResourceRef) => Promise<void>) | undefined;

  it("a valid and an invalid Mapping: Accepted True / False naming the field; Programmed Pending, then True on Envoy's ACK", async () => {
    await api("POST", MAPPINGS, mappingObject("good", { prefix: "/good/", service: "backend:80" }));
    await api("POST", MAPPINGS, mappingObject("bad", { prefix: "/(a", prefix_regex: true, service: "backend:80" }));
    main = await replica(always, { beforePut: (ref) => hook?.(ref) ?? Promise.resolve() });
    await main.sees("good", 1);
    await main.sees("bad", 1);
    await main.pass();

    const good = await getMapping("good");
    assert.deepEqual([condition(good, "Accepted")?.status, condition(good, "Accepted")?.reason], ["True", "Accepted"]);
    assert.deepEqual([condition(good, "Programmed")?.status, condition(good, "Programmed")?.reason], ["Unknown", "Pending"]);
    assert.equal(good.status.observedGeneration, good.metadata.generation);
    assert.equal(good.status.state, "Running");
    const bad = await getMapping("bad");
    assert.deepEqual([condition(bad, "Accepted")?.status, condition(bad, "Accepted")?.reason], ["False", "Invalid"]);
    assert.match(condition(bad, "Accepted")?.message, /^spec\.prefix: invalid RE2 regex/);
    assert.equal(bad.status.state, "Inactive");
    assert.equal(condition(bad, "Programmed")?.status, "False");

    main.ackAll();
    await main.pass();
    const acked = await getMapping("good");
    assert.deepEqual([condition(acked, "Programmed")?.status, condition(acked, "Programmed")?.reason], ["True", "Programmed"]);
    assert.equal(condition(acked, "Accepted")?.lastTransitionTime, condition(good, "Accepted")?.lastTransitionTime, "Accepted did not change");
    const columns = await kubectl(["-n", NS, "get", "mappings", "good", "--no-headers"]);
    assert.match(columns, /Running/, "printer columns show the mirrored state");
  });

  it("an unchanged status is not written again: no requests, and resourceVersion does not move", async () => {
    const before = [(await getMapping("good")).metadata.resourceVersion, (await getMapping("bad")).metadata.resourceVersion];
    const sent = main.calls.length;
    await main.pass(true);
    assert.equal(main.calls.length, sent, `requests: ${main.calls.slice(sent).join(", ")}`);
    // Even not trusting its memory (as a new leader does), it only reads.
    main.writer.forgetKnown();
    await main.pass(true);
    const again = main.calls.slice(sent);
    assert.deepEqual(again.map((c) => c.split(" ")[0]), ["GET", "GET"], again.join(", "));
    assert.deepEqual([(await getMapping("good")).metadata.resourceVersion, (await getMapping("bad")).metadata.resourceVersion], before);
  });

  it("an object changed between GET and PUT: 409, then a fresh GET and a successful PUT", async () => {
    let injected = 0;
    hook = async (ref) => {
      if (injected++ > 0) return;
      await api("PATCH", `${MAPPINGS}/${ref.name}`, { metadata: { labels: { touched: "yes" } } }, "application/merge-patch+json");
    };
    const conflicts = main.writer.stats.conflicts;
    await api("PATCH", `${MAPPINGS}/good`, { spec: { prefix: "/good2/" } }, "application/merge-patch+json");
    await main.sees("good", 2);
    await main.pass();
    hook = undefined;
    assert.equal(injected, 2, "the hook ran before both PUTs");
    assert.equal(main.writer.stats.conflicts - conflicts, 1);
    const good = await getMapping("good");
    assert.equal(good.metadata.labels.touched, "yes");
    assert.equal(good.status.observedGeneration, 2);
    assert.equal(condition(good, "Programmed")?.observedGeneration, 2);
    assert.equal(condition(good, "Programmed")?.status, "Unknown", "generation 2 is not ACKed yet");
  });

  it("an object deleted meanwhile is skipped quietly", async () => {
    const { notFound, failures } = main.writer.stats;
    const status = main.reporter.current()[0]?.status;
    assert.ok(status);
    main.writer.submit([{ ref: { kind: "Mapping", namespace: NS, name: "gone" }, status }]);
    await main.writer.idle();
    assert.equal(main.writer.stats.notFound - notFound, 1);
    assert.equal(main.writer.stats.failures, failures);
  });

  it("a status the CRD's schema refuses (422) is not retried", async () => {
    const { failures, puts } = main.writer.stats;
    const conditions = [{ type: "Accepted" as const, status: "True" as const, reason: "not a valid reason!", message: "x", lastTransitionTime: "2026-01-01T00:00:00Z" }];
    main.writer.submit([{ ref: { kind: "Mapping", namespace: NS, name: "bad" }, status: { conditions } }]);
    await main.writer.idle();
    assert.equal(main.writer.stats.puts - puts, 1, "one PUT, no retries");
    assert.equal(main.writer.stats.failures - failures, 1);
    assert.notEqual(condition(await getMapping("bad"), "Accepted")?.reason, "not a valid reason!");
  });

  it("a burst of 1,000 changed objects is written through a small pool, not 1,000 concurrent requests", async () => {
    const ns = "burst";
    const count = 1000;
    await kubectl(["create", "namespace", ns]);
    const names = Array.from({ length: count }, (_, i) => `m${String(i).padStart(4, "0")}`);
    for (let i = 0; i < count; i += 25) {
      await Promise.all(names.slice(i, i + 25).map((name) =>
        api("POST", `/apis/getambassador.io/v3alpha1/namespaces/${ns}/mappings`, { ...mappingObject(name, { prefix: `/${name}/`, service: "backend:80" }), metadata: { name, namespace: ns } })));
    }
    const r = await replica(always, { concurrency: 4, perSecond: 2000 }, ns);
    await waitFor(() => r.plane.lastTranslation()?.resources.mappings.length === count, 20_000, { what: `${count} Mappings in the control plane` });
    const started = Date.now();
    await r.pass();
    const puts = r.calls.filter((c) => c.startsWith("PUT ")).length;
    assert.equal(puts, count);
    assert.ok(r.peak() <= 4, `peak of ${r.peak()} concurrent requests`);
    const list = await api("GET", `/apis/getambassador.io/v3alpha1/namespaces/${ns}/mappings`);
    assert.equal(list.items.filter((m: any) => condition(m, "Accepted")?.status === "True").length, count);
    r.writer.stop();
    await r.source.stop(); // its re-translations would slow down the lease tests below
    process.stderr.write(`status: ${count} objects written in ${Date.now() - started} ms, peak ${r.peak()} requests in flight\n`);
  });

  it("startStatusReporting takes the lease, writes on its own timer, and hands the lease back on stop", async () => {
    const plane = new ControlPlane(new XdsCache(), {}, silentLogger);
    const source = createKubernetesSource(client, { namespaces: [NS], types: WATCHED_TYPES.filter((t) => t.kind === "Mapping"), logger: silentLogger });
    cleanups.push(() => source.stop());
    await source.start((snap) => plane.apply(snap));
    await api("POST", MAPPINGS, mappingObject("wired", { prefix: "/wired/", service: "backend:80" }));
    const reporting = await startStatusReporting(plane, {
      ambassadorId: "default", defaultNamespace: "default", log: silentLogger, client,
      lease: { namespace: LEASE_NS, name: "attache-status-wire", identity: "wired", leaseDurationMs: 2000, renewIntervalMs: 200 },
      intervalMs: 100,
    });
    cleanups.push(() => reporting.stop());
    await waitFor(() => reporting.elector.isLeader(), 10_000, { what: "the lease" });
    const wired = await waitFor(async () => condition(await getMapping("wired"), "Accepted")?.status === "True" && getMapping("wired"), 10_000, { what: "status on Mapping wired" });
    assert.equal(condition(wired, "Programmed")?.reason, "Pending");
    await reporting.stop();
    assert.equal((await api("GET", `/apis/coordination.k8s.io/v1/namespaces/${LEASE_NS}/leases/attache-status-wire`)).spec.holderIdentity, "");
  });

  let electorB: LeaseElector | undefined;
  const leaseOpts = { namespace: LEASE_NS, name: "attache-status-test", leaseDurationMs: 2000, renewIntervalMs: 200 };
  const leasePath = `/apis/coordination.k8s.io/v1/namespaces/${LEASE_NS}/leases/attache-status-test`;

  it("two replicas with one Lease: only the holder writes; when it stops, the other takes over after expiry and writes", async () => {
    const electorA = new LeaseElector(client, { ...leaseOpts, identity: "replica-a" });
    const bElector = new LeaseElector(client, { ...leaseOpts, identity: "replica-b" });
    electorB = bElector;
    cleanups.push(() => electorA.stop(), () => bElector.stop());
    const a = await replica(electorA);
    const b = await replica(bElector);
    electorA.start();
    await waitFor(() => electorA.isLeader(), 10_000, { what: "replica a to take the free lease" });
    bElector.start();
    await sleep(1000);
    assert.equal(bElector.isLeader(), false, "b does not take a lease a renews");

    await api("PATCH", `${MAPPINGS}/good`, { spec: { prefix: "/good3/" } }, "application/merge-patch+json");
    await a.sees("good", 3);
    await b.sees("good", 3);
    await a.pass();
    await b.pass();
    assert.ok(a.calls.some((c) => c.startsWith("PUT ")), "the holder wrote");
    assert.equal(b.calls.length, 0, `the other replica sent nothing: ${b.calls.join(", ")}`);
    assert.equal((await getMapping("good")).status.observedGeneration, 3);

    const aCalls = a.calls.length;
    await electorA.stop(); // no hand-back: b must wait for the lease to expire
    const stoppedAt = Date.now();
    await waitFor(() => bElector.isLeader(), 15_000, { what: "replica b to take over the expired lease" });
    const tookMs = Date.now() - stoppedAt;
    assert.ok(tookMs >= 1000, `b took over after ${tookMs} ms, before the 2 s lease could expire`);
    const lease = await api("GET", leasePath);
    assert.equal(lease.spec.holderIdentity, "replica-b");
    assert.equal(lease.spec.leaseTransitions, 1);

    // On taking over, b checks everything against the objects (they are current: reads only) ...
    await b.writer.idle();
    assert.ok(b.calls.length > 0 && b.calls.every((c) => c.startsWith("GET ")), b.calls.join(", "));
    // ... and writes the next change; a, stopped, writes nothing.
    await api("PATCH", `${MAPPINGS}/good`, { spec: { prefix: "/good4/" } }, "application/merge-patch+json");
    await b.sees("good", 4);
    await b.pass();
    assert.ok(b.calls.some((c) => c.startsWith("PUT ")), "the new holder wrote");
    assert.equal((await getMapping("good")).status.observedGeneration, 4);
    assert.equal(a.calls.length, aCalls);
  });

  it("a holder that cannot reach the API server steps down before its lease expires, and renews once it is back", async () => {
    const b = electorB;
    assert.ok(b && b.isLeader());
    let steppedDownAt = 0;
    b.once("change", (leader) => (steppedDownAt = leader ? 0 : Date.now()));
    await stopApiserver(CLUSTER);
    // stopApiserver SIGKILLs after 15 s without waiting: restarting before it is gone would "find" it running.
    const stopped = readState(CLUSTER);
    assert.ok(stopped);
    await waitFor(() => !isDaemonAlive(stopped.apiserver.pid, join(stopped.binDir, "kube-apiserver")), 10_000, { what: "kube-apiserver to exit" });
    try {
      await waitFor(() => steppedDownAt > 0, 5_000, { what: "replica b to step down" });
    } finally {
      await restartApiserver(CLUSTER);
    }
    // Its last successful renewal is in the lease (same machine, same clock).
    const lease = await api("GET", leasePath);
    const sinceRenew = steppedDownAt - Date.parse(lease.spec.renewTime);
    assert.ok(sinceRenew < leaseOpts.leaseDurationMs, `stepped down ${sinceRenew} ms after its last renewal: after the lease expired`);
    await waitFor(() => b.isLeader(), 10_000, { what: "replica b to renew its own lease" });
  });

  it("a holder that stops with release hands the lease over without waiting for expiry", async () => {
    const b = electorB;
    assert.ok(b && b.isLeader());
    const c = new LeaseElector(client, { ...leaseOpts, identity: "replica-c" });
    cleanups.push(() => c.stop());
    c.start();
    await sleep(500);
    assert.equal(c.isLeader(), false);
    const stoppedAt = Date.now();
    await b.stop({ release: true });
    await waitFor(() => c.isLeader(), 5_000, { what: "replica c to take the released lease" });
    assert.ok(Date.now() - stoppedAt < leaseOpts.leaseDurationMs, `took ${Date.now() - stoppedAt} ms`);
    assert.equal((await api("GET", leasePath)).spec.holderIdentity, "replica-c");
  });
  it("attache run --kubernetes with a real Envoy: Programmed True once Envoy ACKs, False/Rejected with Envoy's message on a NACK", async () => {
    const ns = "e2e";
    await kubectl(["create", "namespace", ns]);
    const backend = await startBackend("status-backend");
    cleanups.push(() => backend.stop());
    const post = (name: string, spec: Record<string, unknown>) =>
      api("POST", `/apis/getambassador.io/v3alpha1/namespaces/${ns}/mappings`, { ...mappingObject(name, spec), metadata: { name, namespace: ns } });
    const get = (name: string) => api("GET", `/apis/getambassador.io/v3alpha1/namespaces/${ns}/mappings/${name}`);
    await post("served", { prefix: "/served/", service: backend.service });
    assert.ok(cluster);
    const gw = await startAttache({ kubernetes: { kubeconfig: cluster.kubeconfig, namespaces: [ns] } });
    cleanups.push(() => gw.stop());
    const served = await waitFor(async () => {
      const m = await get("served");
      return condition(m, "Programmed")?.status === "True" && m;
    }, 15_000, { what: "Mapping served to be Programmed" }).catch((err: Error) => assert.fail(`${err.message}\n${gw.output().slice(-3000)}`));
    assert.equal(condition(served, "Accepted")?.status, "True");
    assert.equal(condition(served, "Programmed")?.observedGeneration, served.metadata.generation);
    assert.equal((await request(gw.ports.listener, "/served/x", { timeoutMs: 2000 })).status, 200, "Envoy serves what the status says is programmed");

    // Valid RE2 that attache lets through but Envoy refuses (program size over Envoy's limit),
    // as in test/e2e/nack.test.ts: the first candidate attache's own size estimate accepts.
    const candidates = ["/too-big/(ab|cd|ef|gh){40}", "/n/\\W{100}", "/u/\\pL{40}"];
    const tooBig = { prefix_regex: true, rewrite: "", service: backend.service };
    const regex = candidates.find((prefix) => {
      const doc = { value: { ...mappingObject("too-big", { ...tooBig, prefix }), metadata: { name: "too-big", namespace: ns } }, location: { file: "probe", line: 1 }, text: "" };
      return !hasErrors(translateDocuments([doc]).diagnostics);
    });
    assert.ok(regex, `attache refuses every candidate regex (${candidates.join(", ")}): no NACK can be provoked this way`);
    await post("too-big", { ...tooBig, prefix: regex });
    const rejected = await waitFor(async () => {
      const m = await get("too-big");
      return condition(m, "Programmed")?.status === "False" && m;
    }, 15_000, { what: "Mapping too-big to be Programmed False" }).catch((err: Error) => assert.fail(`${err.message}\n${gw.output().slice(-3000)}`));
    assert.equal(condition(rejected, "Accepted")?.status, "True", "attache itself accepted it");
    assert.equal(condition(rejected, "Programmed")?.reason, "Rejected");
    assert.match(condition(rejected, "Programmed")?.message, /program size/i);
    assert.equal(rejected.status.state, "Inactive");
    assert.equal(condition(await get("served"), "Programmed")?.status, "True", "the good Mapping stays Programmed");
    const metrics = (await request(gw.ports.health, "/metrics")).body;
    const written = Number(/^attache_status_writes_total\{result="written"\} (\d+)/m.exec(metrics)?.[1]);
    assert.ok(written >= 2, `status writes counted on /metrics: ${written}`);
  });
});
