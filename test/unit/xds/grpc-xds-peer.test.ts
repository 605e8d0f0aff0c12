// The second xDS peer: @grpc/grpc-js-xds, an independent xDS client, consumes a snapshot from
// our ADS server and routes a real gRPC call through it to a real backend on 127.0.0.1.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { Server, ServerCredentials, type ServiceDefinition, type sendUnaryData, type ServerUnaryCall } from "@grpc/grpc-js";
import { ResourceEncoder } from "../../../src/envoy/encode.js";
import { TYPE_URLS } from "../../../src/xds/resource-types.js";
import { buildSnapshot } from "../../../src/xds/snapshot.js";
import { startAdsServer, type AdsServer } from "../../../src/xds/ads-server.js";
import type { AckEvent } from "../../../src/xds/status.js";
import type { NackRecord } from "../../../src/xds/nack.js";
import { sampleConfig, type SampleOptions } from "./sample-config.js";

const NODE_ID = "grpc-peer";
const TARGET = "echo.test";
const raw = (b: Buffer): Buffer => b;
const ECHO: ServiceDefinition = {
  Say: { path: "/test.Echo/Say", requestStream: false, responseStream: false, requestSerialize: raw, requestDeserialize: raw, responseSerialize: raw, responseDeserialize: raw },
};

const cleanups: (() => Promise<void> | void)[] = [];
after(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function startBackend(): Promise<number> {
  const server = new Server();
  server.addService(ECHO, {
    Say: (call: ServerUnaryCall<Buffer, Buffer>, cb: sendUnaryData<Buffer>) => cb(null, Buffer.from(`hello ${call.request.toString()}`)),
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))),
  );
  cleanups.push(() => server.forceShutdown());
  return port;
}

/** The peer process, driven line by line. */
class Peer {
  private readonly replies: string[] = [];
  private wake: (() => void) | undefined;
  stderr = "";

  constructor(private readonly child: ChildProcessWithoutNullStreams) {
    createInterface({ input: child.stdout }).on("line", (l) => {
      this.replies.push(l);
      this.wake?.();
    });
    child.stderr.on("data", (d: Buffer) => (this.stderr += d.toString()));
  }

  async call(timeoutMs = 20_000): Promise<{ ok: boolean; reply?: string; error?: string }> {
    this.child.stdin.write("call\n");
    const deadline = Date.now() + timeoutMs;
    while (this.replies.length === 0) {
      if (this.child.exitCode !== null) throw new Error(`peer exited ${this.child.exitCode}: ${this.stderr}`);
      if (Date.now() > deadline) throw new Error(`peer did not answer; stderr: ${this.stderr}`);
      await new Promise<void>((r) => {
        const t = setTimeout(r, 100);
        this.wake = () => (clearTimeout(t), r());
      });
    }
    return JSON.parse(this.replies.shift()!) as { ok: boolean; reply?: string; error?: string };
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((r) => this.child.once("exit", r));
    this.child.stdin.end();
    const timer = setTimeout(() => this.child.kill("SIGKILL"), 5000);
    await exited;
    clearTimeout(timer);
  }
}

function startPeer(adsPort: number): Peer {
  const bootstrap = {
    xds_servers: [{ server_uri: `127.0.0.1:${adsPort}`, channel_creds: [{ type: "insecure" }], server_features: ["xds_v3"] }],
    node: { id: NODE_ID, cluster: "attache-test", locality: {} },
  };
  const script = fileURLToPath(new URL("./grpc-xds-peer.child.js", import.meta.url));
  const child = spawn(process.execPath, [script], {
    env: { ...process.env, GRPC_XDS_BOOTSTRAP_CONFIG: JSON.stringify(bootstrap), PEER_TARGET: TARGET },
    stdio: ["pipe", "pipe", "pipe"],
  });
  const peer = new Peer(child);
  cleanups.push(() => peer.stop());
  return peer;
}

async function until(what: string, cond: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

test("@grpc/grpc-js-xds consumes our snapshot, calls the backend through it, ACKs every type and NACKs MAGLEV once", { timeout: 90_000 }, async () => {
  const backendPort = await startBackend();
  const acks: AckEvent[] = [];
  const nacks: NackRecord[] = [];
  const ads: AdsServer = await startAdsServer({ host: "127.0.0.1", port: 0, onAck: (e) => acks.push(e), onNack: (n) => nacks.push(n) });
  cleanups.push(() => ads.close());
  const encoder = new ResourceEncoder();
  const base: SampleOptions = { target: TARGET, cluster: "echo-backend", backendPort };
  ads.cache.setSnapshot(buildSnapshot(1, sampleConfig(base), encoder));

  const peer = startPeer(ads.port);
  const first = await peer.call();
  assert.deepEqual(first, { ok: true, reply: "hello peer" }, `peer stderr: ${peer.stderr}`);

  const ackedTypes = () => new Set(acks.filter((a) => a.nodeId === NODE_ID && a.serial === 1).map((a) => a.typeUrl));
  await until("ACKs of LDS, RDS, CDS and EDS", () => ackedTypes().size === 4);
  assert.deepEqual([...ackedTypes()].sort(), [TYPE_URLS.cluster, TYPE_URLS.endpoint, TYPE_URLS.listener, TYPE_URLS.route].sort());
  assert.equal(nacks.length, 0);

  // MAGLEV is not supported by grpc-js-xds: it must NACK the CDS update, exactly once.
  const maglev = buildSnapshot(2, sampleConfig({ ...base, lbPolicy: "MAGLEV" }), encoder);
  ads.cache.setSnapshot(maglev);
  await until("the NACK of the MAGLEV cluster", () => nacks.length > 0);
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal(nacks.length, 1, "one NACK, no resend loop");
  const nack = nacks[0]!;
  assert.equal(nack.nodeId, NODE_ID);
  assert.equal(nack.typeUrl, TYPE_URLS.cluster);
  assert.equal(nack.version, maglev.types[TYPE_URLS.cluster]!.version);
  assert.equal(nack.serial, 2);
  assert.deepEqual(nack.resources, ["echo-backend"]);
  assert.deepEqual(nack.sources.map((s) => s.name), ["service"]);
  assert.match(nack.message, /MAGLEV/, "the peer's error_detail message is kept");
  assert.equal(ads.status().find((s) => s.nodeId === NODE_ID)?.lastNack?.nonce, nack.nonce);

  // The last good configuration keeps serving.
  assert.deepEqual(await peer.call(), { ok: true, reply: "hello peer" });

  // A corrected snapshot is sent and ACKed.
  ads.cache.setSnapshot(buildSnapshot(3, sampleConfig({ ...base, lbPolicy: "RING_HASH" }), encoder));
  await until("the ACK of the corrected CDS", () => acks.some((a) => a.serial === 3 && a.typeUrl === TYPE_URLS.cluster));
  assert.deepEqual(await peer.call(), { ok: true, reply: "hello peer" });
  assert.equal(nacks.length, 1);
  await peer.stop();
});
