// HTTP filters through a real Envoy, as a client sees them: a CORS preflight answered and the
// actual response carrying the headers; gzip only for clients that accept it and large
// responses; a Lua script setting a header; gRPC-Web from an HTTP/1.1 client; the buffer
// limit answering 413.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import * as grpc from "@grpc/grpc-js";
import {
  assertStatus, docs, echoFrom, mapping, request, resource, startAttache, startBackend, waitFor,
  type Attache, type Backend, type RequestOptions,
} from "../support/harness/index.js";

let web: Backend;
let grpcServer: grpc.Server;
let gw: Attache;

const get = (path: string, opts: RequestOptions = {}) => request(gw.ports.listener, path, opts);
const raw = (b: Buffer) => b;
const LUA = `function envoy_on_response(handle)\n  handle:headers():add("x-lua", "seen")\nend\n`;

function startGrpc(): Promise<number> {
  grpcServer = new grpc.Server();
  grpcServer.addService({
    Say: { path: "/echo.Echo/Say", requestStream: false, responseStream: false, requestSerialize: raw, requestDeserialize: raw, responseSerialize: raw, responseDeserialize: raw },
  }, { Say: (call: grpc.ServerUnaryCall<Buffer, Buffer>, cb: grpc.sendUnaryData<Buffer>) => cb(null, Buffer.from(`hello ${call.request.toString()}`)) });
  return new Promise((resolve, reject) =>
    grpcServer.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, port) => (err ? reject(err) : resolve(port))));
}

/** One gRPC(-Web) data frame: flag 0, 4-byte big-endian length, the message. */
function frame(message: string): Buffer {
  const body = Buffer.from(message);
  const head = Buffer.alloc(5);
  head.writeUInt32BE(body.length, 1);
  return Buffer.concat([head, body]);
}

describe("HTTP filters through Envoy", () => {
  before(async () => {
    web = await startBackend("web");
    const grpcPort = await startGrpc();
    gw = await startAttache({
      manifests: {
        "module.yaml": resource("Module", "ambassador", { config: { gzip: { min_content_length: 512 }, lua_scripts: LUA, buffer: { max_request_bytes: 4096 }, enable_grpc_web: true } }),
        "mappings.yaml": docs(
          mapping("app", { prefix: "/app/", service: web.service }),
          mapping("cors", { prefix: "/cors/", service: web.service, cors: { origins: ["https://app.example"], methods: ["GET", "POST"], headers: "x-custom", exposed_headers: ["x-backend-name"], credentials: true, max_age: "600" } }),
          mapping("grpc", { prefix: "/echo.Echo/", rewrite: "", service: `127.0.0.1:${grpcPort}`, grpc: true }),
        ),
      },
    });
    await waitFor(async () => (await get("/app/")).status === 200, 3000, { what: "/app/ to serve 200" }).catch((err) => {
      throw new Error(`${(err as Error).message}\n${gw.output()}`);
    });
  });
  after(async () => {
    await gw?.stop();
    await web?.stop();
    grpcServer?.forceShutdown();
  });

  it("cors: the preflight is answered by Envoy and the actual response carries the headers", async () => {
    const before = web.received.length;
    const pre = await get("/cors/x", { method: "OPTIONS", headers: { origin: "https://app.example", "access-control-request-method": "POST", "access-control-request-headers": "x-custom" } });
    assert.ok(pre.status === 200 || pre.status === 204, `preflight status ${pre.status}`);
    assert.equal(pre.headers["access-control-allow-origin"], "https://app.example");
    assert.match(String(pre.headers["access-control-allow-methods"]), /POST/);
    assert.match(String(pre.headers["access-control-allow-headers"]), /x-custom/);
    assert.equal(pre.headers["access-control-max-age"], "600");
    assert.equal(web.received.length, before, "the preflight never reached the backend");
    const actual = await get("/cors/x", { headers: { origin: "https://app.example" } });
    echoFrom(actual, "web", "/cors/ actual request");
    assert.equal(actual.headers["access-control-allow-origin"], "https://app.example");
    assert.equal(actual.headers["access-control-allow-credentials"], "true");
    assert.equal(actual.headers["access-control-expose-headers"], "x-backend-name");
    const other = await get("/cors/x", { headers: { origin: "https://evil.example" } });
    assert.equal(other.headers["access-control-allow-origin"], undefined, "another origin gets no CORS headers");
  });

  it("gzip: a large response is compressed only when the client accepts gzip; a small one never", async () => {
    const pad = { "x-pad": "p".repeat(2000) };
    const zipped = await get("/app/big", { headers: { ...pad, "accept-encoding": "gzip" } });
    assertStatus(zipped, 200, "gzip");
    assert.equal(zipped.headers["content-encoding"], "gzip");
    const plain = await get("/app/big", { headers: pad });
    assert.equal(plain.headers["content-encoding"], undefined, "no Accept-Encoding, no gzip");
    echoFrom(plain, "web", "uncompressed");
    const small = await get("/app/s", { headers: { "accept-encoding": "gzip" } });
    assert.equal(small.headers["content-encoding"], undefined, "under min_content_length");
  });

  it("lua_scripts: the script's response header is set", async () => {
    const res = await get("/app/lua");
    echoFrom(res, "web", "/app/lua");
    assert.equal(res.headers["x-lua"], "seen");
  });

  it("buffer: a request body over max_request_bytes is answered 413", async () => {
    assertStatus(await get("/app/upload", { method: "POST", body: "x".repeat(100) }), 200, "small body");
    assertStatus(await get("/app/upload", { method: "POST", body: "x".repeat(20_000), agent: false }), 413, "body over the limit");
  });

  it("enable_grpc_web: an HTTP/1.1 gRPC-Web call reaches the gRPC backend", async () => {
    const res = await get("/echo.Echo/Say", {
      method: "POST",
      headers: { "content-type": "application/grpc-web+proto", "x-grpc-web": "1", accept: "application/grpc-web+proto" },
      body: frame("web").toString("latin1"),
      agent: false,
    });
    assertStatus(res, 200, "gRPC-Web");
    assert.match(String(res.headers["content-type"]), /^application\/grpc-web/);
    const bytes = Buffer.from(res.body, "latin1");
    const len = bytes.readUInt32BE(1);
    assert.equal(bytes.subarray(5, 5 + len).toString(), "hello web");
    assert.match(bytes.subarray(5 + len).toString("latin1"), /grpc-status:\s*0/, "trailers in the body say OK");
  });
});
