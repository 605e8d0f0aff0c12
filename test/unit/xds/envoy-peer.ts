// A real Envoy fed by our ADS server, in either ADS flavour, and the scenario both flavours must
// pass: it ACKs every type, routes traffic, survives a route switch to a new cluster without a
// single failed request (make before break), warms an updated cluster, and NACKs a rejected
// RouteConfiguration once, not looped.
import { after } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { createServer as createHttpServer, request, Agent } from "node:http";
import { createServer as createNetServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ResourceEncoder } from "../../../src/envoy/encode.js";
import type { ConfigSourceJson } from "#gen/envoy/config/core/v3/config_source_pb.js";
import type { RouteMatchJson } from "#gen/envoy/config/route/v3/route_components_pb.js";
import { HttpConnectionManagerSchema } from "#gen/envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager_pb.js";
import { RouterSchema } from "#gen/envoy/extensions/filters/http/router/v3/router_pb.js";
import type { EnvoyConfig, EnvoyResource } from "../../../src/envoy/types.js";
import { typed } from "../../../src/envoy/values.js";
import { TYPE_URLS } from "../../../src/xds/resource-types.js";
import { buildSnapshot, typeSnapshot } from "../../../src/xds/snapshot.js";
import { startAdsServer, type AdsServer } from "../../../src/xds/ads-server.js";
import type { AckEvent } from "../../../src/xds/status.js";
import type { NackRecord } from "../../../src/xds/nack.js";

export const NODE_ID = "envoy-peer";
export type AdsApiType = "GRPC" | "DELTA_GRPC";
const ADS: ConfigSourceJson = { ads: {}, resourceApiVersion: "V3" };
export const cleanups: (() => unknown)[] = [];
after(async () => {
  for (const c of cleanups.reverse()) await c();
});

function envoyBin(): string {
  return process.env["ENVOY_BIN"] || execFileSync("sh", ["scripts/ensure-envoy.sh"], { encoding: "utf8" }).trim();
}

export async function freePort(): Promise<number> {
  const srv = createNetServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

export async function backend(body: string): Promise<number> {
  const srv = createHttpServer((_req, res) => res.end(body));
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  cleanups.push(() => new Promise((r) => (srv.closeAllConnections(), srv.close(r))));
  return (srv.address() as { port: number }).port;
}

// The JSON type comes from where the resource goes, so the literal is checked against it.
const r = <J = never>(name: string, json: NoInfer<J>, source: string, refs?: string[]): EnvoyResource<J> => ({
  name,
  json,
  sources: [{ kind: "Mapping", namespace: "default", name: source, location: { file: "m.yaml", line: 1 } }],
  ...(refs ? { refs } : {}),
});

/** The value of one of Envoy's stats, read from its admin endpoint. */
export async function stat(adminPort: number, name: string): Promise<number | undefined> {
  const res = await get(adminPort, `/stats?filter=^${name.replace(/\./g, "\\.")}$`);
  const m = new RegExp(`^${name.replace(/\./g, "\\.")}: (\\d+)$`, "m").exec(res.body);
  return m ? Number(m[1]) : undefined;
}

/** One listener (RDS "routes") whose only route goes to `routeTo`; an EDS cluster per backend. */
export function config(listenerPort: number, backends: Record<string, number>, routeTo: string, match: RouteMatchJson = { prefix: "/" }, connectTimeout = "1s"): EnvoyConfig {
  const names = Object.keys(backends).sort();
  return {
    listeners: [r("ingress", {
      name: "ingress",
      address: { socketAddress: { address: "127.0.0.1", portValue: listenerPort } },
      filterChains: [{ filters: [{ name: "envoy.filters.network.http_connection_manager", typedConfig: typed(HttpConnectionManagerSchema, {
        statPrefix: "ingress",
        rds: { routeConfigName: "routes", configSource: ADS },
        httpFilters: [{ name: "envoy.filters.http.router", typedConfig: typed(RouterSchema) }],
      }) }] }],
    }, "host")],
    routes: [r("routes", { name: "routes", virtualHosts: [{ name: "all", domains: ["*"], routes: [{ match, route: { cluster: routeTo } }] }] }, "mapping", [routeTo])],
    clusters: names.map((n) => r(n, { name: n, type: "EDS", edsClusterConfig: { edsConfig: ADS }, connectTimeout }, n)),
    endpoints: names.map((n) => r(n, {
      clusterName: n,
      endpoints: [{ lbEndpoints: [{ endpoint: { address: { socketAddress: { address: "127.0.0.1", portValue: backends[n]! } } } }] }],
    }, n)),
    secrets: [],
  };
}

export function startEnvoy(adsPort: number, adminPort: number, apiType: AdsApiType): ChildProcess & { log: () => string } {
  const dir = mkdtempSync(join(tmpdir(), "attache-xds-envoy-"));
  const bootstrap = {
    node: { id: NODE_ID, cluster: "attache-test" },
    admin: { address: { socket_address: { address: "127.0.0.1", port_value: adminPort } } },
    dynamic_resources: {
      ads_config: { api_type: apiType, transport_api_version: "V3", grpc_services: [{ envoy_grpc: { cluster_name: "ads" } }] },
      lds_config: { ads: {}, resource_api_version: "V3" },
      cds_config: { ads: {}, resource_api_version: "V3" },
    },
    static_resources: {
      clusters: [{
        name: "ads",
        type: "STATIC",
        connect_timeout: "1s",
        typed_extension_protocol_options: { "envoy.extensions.upstreams.http.v3.HttpProtocolOptions": {
          "@type": "type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions",
          explicit_http_config: { http2_protocol_options: {} },
        } },
        load_assignment: { cluster_name: "ads", endpoints: [{ lb_endpoints: [{ endpoint: { address: { socket_address: { address: "127.0.0.1", port_value: adsPort } } } }] }] },
      }],
    },
  };
  const file = join(dir, "bootstrap.json");
  writeFileSync(file, JSON.stringify(bootstrap));
  const child = spawn(envoyBin(), ["-c", file, "--disable-hot-restart", "--concurrency", "1", "-l", "warning", "--drain-time-s", "1"], { stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  child.stdout!.on("data", (d: Buffer) => (log += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (log += d.toString()));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  cleanups.push(() => new Promise<void>((res) => {
    if (child.exitCode !== null) return res();
    child.once("exit", () => res());
    child.kill("SIGTERM");
  }));
  return Object.assign(child, { log: () => log });
}

const agent = new Agent({ keepAlive: true, maxSockets: 1 });
cleanups.push(() => agent.destroy());

export function get(port: number, path = "/"): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const req = request({ host: "127.0.0.1", port, path, agent: path === "/" ? agent : false, timeout: 2000 }, (res) => {
      let body = "";
      res.on("data", (d: Buffer) => (body += d.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", (e) => resolve({ status: 0, body: e.message }));
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.end();
  });
}

export async function until(what: string, cond: () => boolean | Promise<boolean>, log: () => string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; envoy log:\n${log()}`);
    await new Promise((res) => setTimeout(res, 50));
  }
}

export interface Peer {
  readonly ads: AdsServer;
  readonly envoy: ChildProcess & { log: () => string };
  readonly acks: AckEvent[];
  readonly nacks: NackRecord[];
  readonly encoder: ResourceEncoder;
  readonly listenerPort: number;
  readonly adminPort: number;
  readonly backends: { readonly one: number; readonly two: number };
}

/** Runs the scenario against an Envoy speaking `apiType`; returns the peer, still running, for more checks. */
export async function switchUpdateAndNack(apiType: AdsApiType): Promise<Peer> {
  const one = await backend("one");
  const two = await backend("two");
  const listenerPort = await freePort();
  const adminPort = await freePort();
  const acks: AckEvent[] = [];
  const nacks: NackRecord[] = [];
  const ads = await startAdsServer({ host: "127.0.0.1", port: 0, onAck: (e) => acks.push(e), onNack: (n) => nacks.push(n) });
  cleanups.push(() => ads.close());
  const encoder = new ResourceEncoder();
  const s1 = buildSnapshot(1, config(listenerPort, { one }, "one"), encoder);
  ads.cache.setSnapshot(s1);
  const envoy = startEnvoy(ads.port, adminPort, apiType);

  await until("traffic to backend one", async () => (await get(listenerPort)).body === "one", envoy.log);
  const allTypes = [TYPE_URLS.cluster, TYPE_URLS.endpoint, TYPE_URLS.listener, TYPE_URLS.route].sort();
  const ackedAt = (serial: number) => new Set(acks.filter((a) => a.nodeId === NODE_ID && a.serial === serial).map((a) => a.typeUrl));
  await until("ACKs of every type", () => ackedAt(1).size === 4, envoy.log);
  assert.deepEqual([...ackedAt(1)].sort(), allTypes);
  for (const a of acks) assert.equal(a.version, typeSnapshot(s1, a.typeUrl)!.version);

  // Route switch from cluster one to the new cluster two, which replaces it, under traffic.
  const failures: string[] = [];
  const seen = new Set<string>();
  let load = true;
  const loadLoop = (async () => {
    while (load) {
      const res = await get(listenerPort);
      if (res.status !== 200) failures.push(`${res.status} ${res.body}`);
      else seen.add(res.body);
    }
  })();
  await new Promise((res) => setTimeout(res, 300));
  const s2 = buildSnapshot(2, config(listenerPort, { two }, "two"), encoder);
  ads.cache.setSnapshot(s2);
  await until("traffic to backend two", () => seen.has("two"), envoy.log);
  await until("the ACK of the CDS that removes cluster one", () =>
    acks.some((a) => a.typeUrl === TYPE_URLS.cluster && a.version === s2.types[TYPE_URLS.cluster]!.version), envoy.log);
  await new Promise((res) => setTimeout(res, 300));
  load = false;
  await loadLoop;
  assert.deepEqual(failures, [], "no request failed during the switch");
  const cdsAcks = acks.filter((a) => a.typeUrl === TYPE_URLS.cluster && a.serial === 2).map((a) => a.version);
  assert.equal(cdsAcks.length, 2, "CDS went out twice: first with both clusters, then without the old one");
  assert.notEqual(cdsAcks[0], s2.types[TYPE_URLS.cluster]!.version);

  // An updated EDS cluster warms again and needs its (unchanged) load assignment resent.
  const updated = buildSnapshot(3, config(listenerPort, { two }, "two", { prefix: "/" }, "2s"), encoder);
  assert.equal(updated.types[TYPE_URLS.endpoint]!.version, s2.types[TYPE_URLS.endpoint]!.version);
  ads.cache.setSnapshot(updated);
  await until("the ACK of the updated cluster", () => acks.some((a) => a.serial === 3 && a.typeUrl === TYPE_URLS.cluster), envoy.log);
  await until("no warming cluster", async () => (await stat(adminPort, "cluster_manager.warming_clusters")) === 0, envoy.log, 10_000);
  assert.equal(await stat(adminPort, "cluster_manager.active_clusters"), 2, "ads and two");
  await until("the ACK of the resent load assignment", () => acks.some((a) => a.serial === 3 && a.typeUrl === TYPE_URLS.endpoint), envoy.log);

  // An invalid regex makes Envoy reject the RouteConfiguration: one NACK, last good routes serve on.
  const s3 = buildSnapshot(4, config(listenerPort, { two }, "two", { safeRegex: { regex: "(" } }, "2s"), encoder);
  ads.cache.setSnapshot(s3);
  await until("the NACK of the bad route", () => nacks.length > 0, envoy.log);
  await new Promise((res) => setTimeout(res, 1500));
  assert.equal(nacks.length, 1, "one NACK, no resend loop");
  assert.equal(nacks[0]!.typeUrl, TYPE_URLS.route);
  assert.deepEqual(nacks[0]!.resources, ["routes"]);
  assert.deepEqual(nacks[0]!.sources.map((s) => s.name), ["mapping"]);
  assert.equal((await get(listenerPort)).body, "two");
  return { ads, envoy, acks, nacks, encoder, listenerPort, adminPort, backends: { one, two } };
}
