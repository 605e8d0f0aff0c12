// A real Envoy fed by our ADS server over delta xDS (DELTA_GRPC): the scenario the SotW peer
// passes (envoy-peer.ts), then a reconnect: the ADS server restarts on the same port, Envoy
// reports what it holds (initial_resource_versions) and nothing is rebuilt or dropped.
import { test } from "node:test";
import assert from "node:assert/strict";
import { TYPE_URLS } from "../../../src/xds/resource-types.js";
import { buildSnapshot } from "../../../src/xds/snapshot.js";
import { startAdsServer } from "../../../src/xds/ads-server.js";
import type { AckEvent } from "../../../src/xds/status.js";
import { cleanups, config, get, NODE_ID, stat, switchUpdateAndNack, until } from "./envoy-peer.js";

const REBUILD_STATS = ["cluster_manager.cluster_added", "cluster_manager.cluster_modified", "listener_manager.listener_added", "listener_manager.listener_modified"];

test("Envoy over delta xDS: ACKs every type, switches routes with no failed request, NACKs a bad route once; reconnects without rebuilding", { timeout: 120_000 }, async () => {
  const peer = await switchUpdateAndNack("DELTA_GRPC");
  const { envoy, listenerPort, adminPort, encoder } = peer;
  const statsBefore = await Promise.all(REBUILD_STATS.map((s) => stat(adminPort, s)));

  // Traffic must flow the whole time: Envoy keeps serving while its ADS server is away.
  const failures: string[] = [];
  let load = true;
  const loadLoop = (async () => {
    while (load) {
      const res = await get(listenerPort);
      if (res.status !== 200 || res.body !== "two") failures.push(`${res.status} ${res.body}`);
    }
  })();

  const port = peer.ads.port;
  await peer.ads.close();
  const acks: AckEvent[] = [];
  const ads = await startAdsServer({ host: "127.0.0.1", port, onAck: (e) => acks.push(e) });
  cleanups.push(() => ads.close());
  // The last configuration Envoy accepted (the bad route was NACKed), from a fresh server.
  const lastGood = config(listenerPort, { two: peer.backends.two }, "two", { prefix: "/" }, "2s");
  ads.cache.setSnapshot(buildSnapshot(1, lastGood, encoder));
  const allTypes = [TYPE_URLS.cluster, TYPE_URLS.endpoint, TYPE_URLS.listener, TYPE_URLS.route].sort();
  await until("ACKs of every type on the new stream", () => new Set(acks.filter((a) => a.nodeId === NODE_ID).map((a) => a.typeUrl)).size === 4, envoy.log, 30_000);
  assert.deepEqual([...new Set(acks.map((a) => a.typeUrl))].sort(), allTypes);
  await new Promise((res) => setTimeout(res, 500));
  const statsAfter = await Promise.all(REBUILD_STATS.map((s) => stat(adminPort, s)));
  assert.deepEqual(statsAfter, statsBefore, `${REBUILD_STATS.join(", ")}: nothing was rebuilt after the reconnect`);

  // The new stream takes changes: back to cluster one, which is new to this server.
  ads.cache.setSnapshot(buildSnapshot(2, config(listenerPort, { one: peer.backends.one }, "one"), encoder));
  load = false;
  await loadLoop;
  assert.deepEqual(failures, [], "no request failed across the reconnect");
  await until("traffic to backend one", async () => (await get(listenerPort)).body === "one", envoy.log);
});
