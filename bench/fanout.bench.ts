// Fan-out benchmark: 100 xDS clients on one ADS server holding 10,000 routes. Measures how
// long until every client has ACKed a one-Mapping change (from the edit, so translation is
// included) and the control plane's memory per connected client. The control plane runs
// in-process (ControlPlane + startAdsServer, as `attache run` wires them); the clients run in
// a separate process so their memory and CPU are not counted as the control plane's.
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startAdsServer } from "../src/xds/ads-server.js";
import { parseBenchArgs } from "./lib/args.js";
import { AckTracker } from "./lib/ack-tracker.js";
import { connectAdsClient, type AdsClient, type Subscription } from "./lib/ads-client.js";
import { emitChildRows, runChild } from "./lib/child.js";
import { loadControlPlane } from "./lib/loaded-control-plane.js";
import { latencyRows, mib, printRows, round1, type Row } from "./lib/rows.js";
import { collectGarbage } from "./lib/rss.js";
import { profiled } from "./lib/profiler.js";
import { typeSnapshot, type Snapshot } from "../src/xds/snapshot.js";
import { isWildcardType } from "../src/xds/resource-types.js";

const SCRIPT = fileURLToPath(import.meta.url);
const SYNC_TIMEOUT_MS = 300_000;
const nodeName = (i: number) => `bench-client-${i}`;

/** CDS and LDS by wildcard, RDS and EDS by the names in the snapshot, as Envoy would ask. */
function subscriptions(snap: Snapshot): Subscription[] {
  return Object.entries(snap.types)
    .filter(([, ts]) => ts.resources.size > 0)
    .map(([typeUrl, ts]) => ({ typeUrl, names: isWildcardType(typeUrl) ? [] : [...ts.resources.keys()] }));
}

function changedTypes(a: Snapshot, b: Snapshot): string[] {
  return Object.keys(b.types).filter((t) => typeSnapshot(a, t)?.version !== typeSnapshot(b, t)?.version);
}

async function measure(n: number, clientCount: number, changes: number, profile: string | undefined): Promise<Row[]> {
  const plane = loadControlPlane(n);
  const acks = new AckTracker();
  const server = await startAdsServer({ host: "127.0.0.1", port: 0, cache: plane.cache, onAck: (e) => acks.record(e) });
  const gcOk = collectGarbage();
  const before = process.memoryUsage();
  const nodes = Array.from({ length: clientCount }, (_, i) => nodeName(i));
  const subs = subscriptions(plane.current());
  const t0 = performance.now();
  const clients = spawn(process.execPath, [SCRIPT, "--clients-of", String(server.port), "--count", String(clientCount), "--subs", JSON.stringify(subs)], { stdio: ["ignore", "inherit", "inherit"] });
  const broken = () => (clients.exitCode !== null ? `the client process exited (${clients.exitCode})` : undefined);
  try {
    const synced = await acks.waitAll(nodes, subs.map((s) => s.typeUrl), plane.current().serial, SYNC_TIMEOUT_MS, broken);
    const rows: Row[] = [{ n, metric: "initial_sync", value: round1(synced - t0), unit: "ms" }];
    await new Promise((r) => setTimeout(r, 1000));
    collectGarbage();
    const synced1 = process.memoryUsage();
    rows.push({ n, metric: "rss_per_client_after_sync", value: round1((synced1.rss - before.rss) / clientCount / 1024), unit: "KiB" });
    const times: number[] = [];
    await profiled(profile, async () => {
      for (let k = 0; k < changes; k++) {
        const prev = plane.current();
        const start = performance.now();
        plane.editMapping((k * 7919) % n, k + 1);
        const next = plane.current();
        const done = await acks.waitAll(nodes, changedTypes(prev, next), next.serial, SYNC_TIMEOUT_MS, broken);
        times.push(done - start);
      }
    });
    collectGarbage();
    const after = process.memoryUsage();
    rows.push(...latencyRows(n, "all_acked", times));
    rows.push({ n, metric: "rss_before_clients", value: mib(before.rss), unit: "MiB" });
    rows.push({ n, metric: "rss_with_clients", value: mib(after.rss), unit: "MiB" });
    rows.push({ n, metric: "rss_per_client_after_changes", value: round1((after.rss - before.rss) / clientCount / 1024), unit: "KiB" });
    rows.push({ n, metric: "heap_per_client_after_changes", value: round1((after.heapUsed - before.heapUsed) / clientCount / 1024), unit: "KiB" });
    rows.push({ n, metric: "clients", value: clientCount, unit: "count" });
    if (!gcOk) rows.push({ n, metric: "gc_forced", value: 0, unit: "bool" });
    return rows;
  } finally {
    clients.kill("SIGKILL");
    await server.close();
  }
}

/** The client process: `count` clients that ACK everything; exits 1 when any stream fails. */
function runClients(port: number, count: number, subs: Subscription[]): void {
  const clients: AdsClient[] = [];
  for (let i = 0; i < count; i++) clients.push(connectAdsClient(`127.0.0.1:${port}`, nodeName(i), subs));
  const check = setInterval(() => {
    const failed = clients.find((c) => c.stats.error);
    if (failed) {
      process.stderr.write(`fanout client failed: ${failed.stats.error}\n`);
      process.exit(1);
    }
  }, 100);
  // The server process kills this one; the bound keeps an orphan from living forever.
  setTimeout(() => { clearInterval(check); process.exit(0); }, SYNC_TIMEOUT_MS * 2).unref();
}

async function main(): Promise<void> {
  const args = parseBenchArgs();
  const clientsOf = args.num("clients-of", 0);
  if (clientsOf > 0) {
    const raw = process.argv[process.argv.indexOf("--subs") + 1] ?? "[]";
    return runClients(clientsOf, args.num("count", 100), JSON.parse(raw) as Subscription[]);
  }
  const clientCount = args.num("clients", 100);
  const changes = args.num("changes", 5);
  if (args.child !== undefined) {
    const dir = args.str("profile-dir");
    return emitChildRows(await measure(args.child, clientCount, changes, dir && join(dir, `fanout-changes-${args.child}.cpuprofile`)));
  }
  const rows: Row[] = [];
  for (const n of args.sizes([10000])) {
    rows.push(...(await runChild(SCRIPT, ["--child", String(n), "--clients", String(clientCount), "--changes", String(changes)], { nodeArgs: ["--expose-gc"], timeoutMs: 900_000 })));
  }
  printRows("fanout", rows, args.json, `fanout: ${clientCount} ADS clients, time until all ACKed a one-Mapping change (${changes} changes)`);
}

await main();
