// Upstream (cluster) features of Mapping through a real Envoy, observed at the client and the
// backends: round_robin and least_request spread, sticky sessions by cookie and header (and a
// ring hash spreading different keys), circuit-breaker overflow answered 503, active health
// checks taking an endpoint out and bringing it back, a websocket echo (`ws`), and gRPC unary
// and server-streaming calls (`@grpc/grpc-js`) over `grpc: true`.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import * as grpc from "@grpc/grpc-js";
import { WebSocket, WebSocketServer } from "ws";
import {
  assertStatus, docs, mapping, request, resource, startAttache, startBackend, waitFor,
  type Attache, type Backend, type RequestOptions,
} from "../support/harness/index.js";

let ep: Backend[] = [];
let hc: Backend[] = [];
let wss: WebSocketServer;
let grpcServer: grpc.Server;
let grpcPort = 0;
let gw: Attache;

const get = (path: string, opts: RequestOptions = {}) => request(gw.ports.listener, path, opts);
const raw = (b: Buffer) => b;

const ECHO: grpc.ServiceDefinition = {
  Say: { path: "/echo.Echo/Say", requestStream: false, responseStream: false, requestSerialize: raw, requestDeserialize: raw, responseSerialize: raw, responseDeserialize: raw },
  Count: { path: "/echo.Echo/Count", requestStream: false, responseStream: true, requestSerialize: raw, requestDeserialize: raw, responseSerialize: raw, responseDeserialize: raw },
};

function startGrpc(): Promise<number> {
  grpcServer = new grpc.Server();
  grpcServer.addService(ECHO, {
    Say: (call: grpc.ServerUnaryCall<Buffer, Buffer>, cb: grpc.sendUnaryData<Buffer>) => cb(null, Buffer.from(`hello ${call.request.toString()}`)),
    Count: (call: grpc.ServerWritableStream<Buffer, Buffer>) => {
      for (let i = 1; i <= Number(call.request.toString()); i++) call.write(Buffer.from(String(i)));
      call.end();
    },
  });
  return new Promise((resolve, reject) =>
    grpcServer.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, port) => (err ? reject(err) : resolve(port))));
}

/** A Service whose endpoints are the given backends (one EndpointSlice each), read through a KubernetesEndpointResolver. */
function pool(name: string, backends: readonly Backend[]): string[] {
  const slices = backends.map((b, i) => [
    "apiVersion: discovery.k8s.io/v1", "kind: EndpointSlice",
    `metadata: {name: ${name}-${i}, namespace: default, labels: {kubernetes.io/service-name: ${name}}}`,
    "addressType: IPv4", `ports: [{name: http, port: ${b.port}, protocol: TCP}]`,
    "endpoints: [{addresses: [127.0.0.1], conditions: {ready: true}}]",
  ].join("\n"));
  return [`apiVersion: v1\nkind: Service\nmetadata: {name: ${name}, namespace: default}\nspec: {ports: [{name: http, port: 80}]}`, ...slices];
}

function manifests(): Record<string, string> {
  const via = { service: "pool:80", resolver: "endpoint" };
  const wsPort = (wss.address() as { port: number }).port; // cast: ws listens on TCP, so address() is an AddressInfo
  return {
    "pool.yaml": docs(resource("KubernetesEndpointResolver", "endpoint", {}), ...pool("pool", ep), ...pool("hcpool", hc)),
    "lb.yaml": docs(
      mapping("rr", { prefix: "/rr/", ...via, load_balancer: { policy: "round_robin" } }),
      mapping("lr", { prefix: "/lr/", ...via, load_balancer: { policy: "least_request" } }),
      mapping("cookie", { prefix: "/cookie/", ...via, load_balancer: { policy: "ring_hash", cookie: { name: "sticky", ttl: "60s" } } }),
      mapping("header", { prefix: "/header/", ...via, load_balancer: { policy: "maglev", header: "x-user" } }),
      mapping("cb", { prefix: "/cb/", service: ep[0]?.service, circuit_breakers: [{ max_connections: 1, max_pending_requests: 1, max_requests: 1 }] }),
      mapping("hc", {
        prefix: "/hc/", service: "hcpool:80", resolver: "endpoint",
        health_checks: [{ interval: "0.5s", timeout: "0.4s", unhealthy_threshold: 1, healthy_threshold: 1, health_check: { http: { path: "/healthz" } } }],
      }),
    ),
    "ws.yaml": docs(
      mapping("ws", { prefix: "/ws/", service: `127.0.0.1:${wsPort}`, allow_upgrade: ["websocket"] }),
      mapping("nows", { prefix: "/nows/", service: `127.0.0.1:${wsPort}` }),
    ),
    "grpc.yaml": mapping("grpc", { prefix: "/echo.Echo/", rewrite: "", service: `127.0.0.1:${grpcPort}`, grpc: true }),
  };
}

async function spread(path: string, n: number, opts: RequestOptions = {}): Promise<Record<string, number>> {
  const seen: Record<string, number> = {};
  for (let i = 0; i < n; i++) {
    const res = await get(path, opts);
    assertStatus(res, 200, path);
    const b = String(res.json?.backend);
    seen[b] = (seen[b] ?? 0) + 1;
  }
  return seen;
}

describe("upstream features through Envoy", () => {
  before(async () => {
    ep = await Promise.all([startBackend("ep1"), startBackend("ep2")]);
    hc = await Promise.all([startBackend("hc1"), startBackend("hc2")]);
    wss = new WebSocketServer({ host: "127.0.0.1", port: 0 });
    wss.on("connection", (s) => s.on("message", (m) => s.send(`echo:${m.toString()}`)));
    await new Promise<void>((r) => wss.once("listening", () => r()));
    grpcPort = await startGrpc();
    gw = await startAttache({ manifests: manifests() });
    await waitFor(async () => (await get("/rr/")).status === 200, 3000, { what: "/rr/ to serve 200" }).catch((err) => {
      throw new Error(`${(err as Error).message}\n${gw.output()}`);
    });
  });
  after(async () => {
    await gw?.stop();
    await Promise.all([...ep, ...hc].map((b) => b.stop()));
    wss?.close();
    grpcServer?.forceShutdown();
  });

  it("round_robin and least_request spread requests over both endpoints", async () => {
    for (const path of ["/rr/x", "/lr/x"]) {
      const seen = await spread(path, 60);
      assert.ok((seen.ep1 ?? 0) >= 15 && (seen.ep2 ?? 0) >= 15, `${path}: ${JSON.stringify(seen)}`);
    }
  });

  it("ring_hash by cookie: Envoy sets the cookie and requests carrying it stick", async () => {
    const first = await get("/cookie/x", { agent: false });
    assertStatus(first, 200, "/cookie/ first");
    const cookie = String(first.headers["set-cookie"] ?? "").split(";")[0] ?? "";
    assert.match(cookie, /^sticky=/, `Set-Cookie: ${first.headers["set-cookie"]}`);
    const seen = await spread("/cookie/x", 20, { headers: { cookie } });
    assert.equal(Object.keys(seen).length, 1, `one backend for one cookie: ${JSON.stringify(seen)}`);
  });

  it("maglev by header: one value sticks, different values spread", async () => {
    const one = await spread("/header/x", 20, { headers: { "x-user": "alice" } });
    assert.equal(Object.keys(one).length, 1, `one backend for one user: ${JSON.stringify(one)}`);
    const all = new Set<string>();
    for (let i = 0; i < 40; i++) all.add(String((await get("/header/x", { headers: { "x-user": `user-${i}` } })).json?.backend));
    assert.deepEqual([...all].sort(), ["ep1", "ep2"], "40 users land on both endpoints");
  });

  it("circuit_breakers: requests beyond the limits are answered 503 at once", async () => {
    const results = await Promise.all(Array.from({ length: 12 }, () =>
      get("/cb/slow?ms=800", { agent: false }).then((r) => ({ status: r.status, overloaded: r.headers["x-envoy-overloaded"] === "true" }))));
    const ok = results.filter((r) => r.status === 200).length;
    const shed = results.filter((r) => r.status === 503 && r.overloaded).length;
    console.log(`circuit breaker: ${ok} answered, ${shed} shed with x-envoy-overloaded, of ${results.length}`);
    assert.ok(ok >= 1 && shed >= 6, JSON.stringify(results));
  });

  it("health_checks: a failing endpoint leaves rotation and comes back when healthy", async () => {
    const only = async (name: string) => Object.keys(await spread("/hc/x", 10)).join() === name;
    const [hc1, hc2] = hc as [Backend, Backend];
    hc2.setStatus(503);
    await waitFor(async () => only("hc1").catch(() => false), 10_000, { what: "hc2 taken out of rotation" });
    hc2.setStatus(200);
    await waitFor(async () => {
      const seen = await spread("/hc/x", 20);
      return (seen.hc2 ?? 0) > 0 && (seen.hc1 ?? 0) > 0;
    }, 10_000, { what: "hc2 back in rotation" });
    assert.ok(hc1.received.some((e) => e.path === "/healthz"), "Envoy probed /healthz");
  });

  it("allow_upgrade websocket: a websocket echo works; without it the upgrade is refused", async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${gw.ports.listener}/ws/chat`);
    const reply = await new Promise<string>((resolve, reject) => {
      ws.once("open", () => ws.send("hello"));
      ws.once("message", (m) => resolve(m.toString()));
      ws.once("error", reject);
    });
    ws.close();
    assert.equal(reply, "echo:hello");
    const refused = new WebSocket(`ws://127.0.0.1:${gw.ports.listener}/nows/chat`);
    const outcome = await new Promise<string>((resolve) => {
      refused.once("open", () => resolve("open"));
      refused.once("unexpected-response", (_req, res) => resolve(`status ${res.statusCode}`));
      refused.once("error", (e) => resolve(`error ${e.message}`));
    });
    refused.terminate();
    assert.notEqual(outcome, "open", "no upgrade without allow_upgrade");
  });

  it("grpc: true: unary and server-streaming calls work through the gateway", async () => {
    const client = new grpc.Client(`127.0.0.1:${gw.ports.listener}`, grpc.credentials.createInsecure());
    try {
      const reply = await new Promise<Buffer>((resolve, reject) =>
        client.makeUnaryRequest("/echo.Echo/Say", raw, raw, Buffer.from("gateway"), (err, v) => (err || !v ? reject(err ?? new Error("no reply")) : resolve(v))));
      assert.equal(reply.toString(), "hello gateway");
      const stream = client.makeServerStreamRequest("/echo.Echo/Count", raw, raw, Buffer.from("5"));
      const items: string[] = [];
      await new Promise<void>((resolve, reject) => {
        stream.on("data", (b: Buffer) => items.push(b.toString()));
        stream.on("end", () => resolve());
        stream.on("error", reject);
      });
      assert.deepEqual(items, ["1", "2", "3", "4", "5"]);
    } finally {
      client.close();
    }
  });
});
