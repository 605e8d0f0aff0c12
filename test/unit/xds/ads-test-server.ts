// An ADS server on a free loopback port for the gRPC tests of either flavour, recording the
// ACK and NACK events it reports, with snapshots of the hand-written sample config.
import { after } from "node:test";
import assert from "node:assert/strict";
import { ResourceEncoder } from "../../../src/envoy/encode.js";
import { buildSnapshot, type Snapshot } from "../../../src/xds/snapshot.js";
import { startAdsServer, type AdsServer, type AdsServerOptions } from "../../../src/xds/ads-server.js";
import type { AckEvent } from "../../../src/xds/status.js";
import type { NackRecord } from "../../../src/xds/nack.js";
import { sampleConfig, type SampleOptions } from "./sample-config.js";

const BASE: SampleOptions = { target: "svc", cluster: "backend", backendPort: 9, routeName: "routes" };
const encoder = new ResourceEncoder();

/** The sample config (cluster "backend", route configuration "routes") with `o` changed. */
export const snap = (serial: number, o: Partial<SampleOptions> = {}): Snapshot => buildSnapshot(serial, sampleConfig({ ...BASE, ...o }), encoder);

export interface Harness {
  server: AdsServer;
  acks: AckEvent[];
  nacks: NackRecord[];
}

const servers: AdsServer[] = [];
after(async () => {
  for (const s of servers) await s.close();
});

/** A server closed when the test file ends. */
export async function startTracked(options: AdsServerOptions): Promise<AdsServer> {
  const server = await startAdsServer(options);
  servers.push(server);
  return server;
}

/** A server serving `first`, closed when the test file ends. */
export async function harness(first: Snapshot): Promise<Harness> {
  const acks: AckEvent[] = [];
  const nacks: NackRecord[] = [];
  const server = await startTracked({ host: "127.0.0.1", port: 0, onAck: (e) => acks.push(e), onNack: (n) => nacks.push(n) });
  assert.ok(server.port > 0);
  server.cache.setSnapshot(first);
  return { server, acks, nacks };
}

export async function until(what: string, cond: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
