// Certificate rotation under load: while keep-alive TLS connections send requests and new
// connections keep opening for 20 s, the Secret is replaced twice. New handshakes must see the
// new certificate quickly, no request may fail, and Envoy must not add, modify or drain any
// listener: the rotation travels as an SDS update alone.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { Agent } from "node:https";
import { docs, freePorts, mapping, parseStats, resource, sleep, startAttache, startBackend, tlsRequest, waitFor, type Attache, type Backend } from "../support/harness/index.js";
import { TestCa, tlsSecretYaml, type Leaf } from "../support/pki.js";

const ca = new TestCa("rotation-ca");
const versions: Leaf[] = [0, 1, 2].map(() => ca.issue({ cn: "rot.test" }));
const LISTENER_STATS = [
  "listener_manager.listener_added", "listener_manager.listener_modified", "listener_manager.listener_removed",
  "listener_manager.listener_in_place_updated", "listener_manager.lds.update_success", "listener_manager.total_filter_chains_draining",
];

// Both ADS flavours: SDS resources are requested by name, which delta and state of the world
// answer differently.
const fingerprintOf = (l: Leaf): string => new X509Certificate(l.cert).fingerprint256;

for (const xdsMode of ["delta", "sotw"] as const) describe(`certificate rotation under load (${xdsMode} ADS)`, () => {
  let backend: Backend;
  let gw: Attache;
  let port: number;
  const fingerprint = async (): Promise<string> => (await tlsRequest(port, "/r/x", { servername: "rot.test" })).peerFingerprint;
  before(async () => {
    backend = await startBackend("rot");
    [port] = (await freePorts(1)) as [number];
    gw = await startAttache({
      extraArgs: ["--xds-mode", xdsMode],
      manifests: {
        "edge.yaml": docs(
          resource("Listener", "https", { port, protocol: "HTTPS", securityModel: "XFP" }),
          resource("Host", "rot", { hostname: "rot.test", tlsSecret: { name: "rot-cert" } }),
          mapping("r", { hostname: "*", prefix: "/r/", service: backend.service }),
        ),
        "secret.yaml": tlsSecretYaml("rot-cert", "default", versions[0] as Leaf),
      },
    });
    await waitFor(async () => (await fingerprint().catch(() => "")) === fingerprintOf(versions[0] as Leaf), 15_000, { what: "first certificate served" });
  });
  after(async () => {
    await gw?.stop();
    await backend?.stop();
  });

  it("replacing the Secret twice in 20 s: new handshakes see each new certificate, zero failures, no listener touched", async (t) => {
    const before = listenerStats(await gw.admin("/stats"));
    const load = startLoad(port);
    const seenAfter: number[] = [];
    await sleep(5000);
    for (const next of versions.slice(1)) {
      const written = Date.now();
      gw.writeManifest("secret.yaml", tlsSecretYaml("rot-cert", "default", next));
      const want = fingerprintOf(next);
      await waitFor(() => load.fresh.find((f) => f.startedAt >= written && f.fingerprint === want), 10_000, { what: "the new certificate on a new connection", intervalMs: 20 });
      seenAfter.push((load.fresh.find((f) => f.startedAt >= written && f.fingerprint === want)?.startedAt ?? 0) - written);
      await sleep(7000);
    }
    await sleep(1000);
    const report = await load.stop();
    const afterStats = listenerStats(await gw.admin("/stats"));
    assert.deepEqual(report.failures, [], `requests failed during rotation (${report.ok} ok)`);
    assert.ok(report.ok > 200 && report.keptAlive > 100, `too little load to judge: ${JSON.stringify(report)}`);
    // The issue asks for under 1 s; the bound is generous for a shared 2-core machine, and the
    // measured times are in the message.
    assert.ok(seenAfter.every((ms) => ms < 3000), `new certificate seen after ${seenAfter.join(", ")} ms`);
    assert.deepEqual(afterStats, before, "a listener was added, modified, removed or drained, or LDS updated");
    assert.ok(Object.values(before).every((v) => v >= 0), `Envoy lacks a listener stat: ${JSON.stringify(before)}`);
    t.diagnostic(`${xdsMode}: new certificate on new connections after ${seenAfter.join(" ms, ")} ms; ${report.ok} requests (${report.keptAlive} on kept-alive connections), 0 failed; ${JSON.stringify(afterStats)}`);
  });
});

after(() => ca.cleanup());

function listenerStats(text: string): Record<string, number> {
  const stats = parseStats(text);
  return Object.fromEntries(LISTENER_STATS.map((n) => [n, stats.get(n) ?? -1]));
}

interface Fresh {
  readonly startedAt: number;
  readonly fingerprint: string;
}

/** 4 workers on kept-alive connections and 2 opening a new connection per request. */
function startLoad(port: number): { fresh: Fresh[]; stop(): Promise<{ ok: number; keptAlive: number; failures: string[] }> } {
  const agent = new Agent({ keepAlive: true, maxSockets: 4 });
  const fresh: Fresh[] = [];
  const failures: string[] = [];
  let ok = 0;
  let keptAlive = 0;
  let running = true;
  const once = async (keep: boolean): Promise<void> => {
    const startedAt = Date.now();
    try {
      const r = await tlsRequest(port, "/r/x", { servername: "rot.test", ...(keep ? { agent } : {}) });
      if (r.status !== 200) failures.push(`status ${r.status}`);
      else ok++;
      if (keep && r.reused) keptAlive++;
      if (!keep) fresh.push({ startedAt, fingerprint: r.peerFingerprint });
    } catch (err) {
      failures.push(`${keep ? "kept-alive" : "new"} connection: ${(err as Error).message}`);
    }
  };
  const worker = async (keep: boolean): Promise<void> => {
    while (running) await once(keep);
  };
  const workers = [true, true, true, true, false, false].map(worker);
  return {
    fresh,
    stop: async () => {
      running = false;
      await Promise.all(workers);
      agent.destroy();
      return { ok, keptAlive, failures };
    },
  };
}
