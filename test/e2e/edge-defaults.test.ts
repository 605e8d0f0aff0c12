// Issue 16 item 7: safe edge defaults, through a real Envoy. Traversal is normalised before
// routing, escaped slashes are redirected, underscored header names refused, oversize headers
// refused, and slowloris connections (headers that never finish) are closed. A Module key
// overrides each; here the request-headers timeout is shortened to keep the test quick, and a
// second instance shows the default-off switches.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { connect } from "node:net";
import { docs, mapping, request, resource, startAttache, startBackend, type Attache, type Backend, type Echo } from "../support/harness/index.js";

/** Opens `count` connections that send half a request and never finish; resolves with how long each stayed open. */
function slowloris(port: number, count: number, giveUpMs: number): Promise<number[]> {
  return Promise.all(Array.from({ length: count }, () => new Promise<number>((resolve) => {
    const started = Date.now();
    const s = connect(port, "127.0.0.1", () => s.write("GET /edge/x HTTP/1.1\r\nHost: a\r\nX-Slow: "));
    const done = () => resolve(Date.now() - started);
    s.on("close", done);
    s.resume();
    s.on("error", () => undefined);
    s.setTimeout(giveUpMs, () => s.destroy());
  })));
}

describe("edge defaults", () => {
  let backend: Backend;
  let gw: Attache;
  before(async () => {
    backend = await startBackend("alpha");
    gw = await startAttache({
      manifests: {
        "m.yaml": docs(
          mapping("edge", { prefix: "/edge/", service: backend.service }),
          mapping("root", { prefix: "/", service: backend.service, rewrite: "" }),
          resource("Module", "ambassador", { config: { request_headers_timeout_ms: 1000 } }),
        ),
      },
    });
  });
  after(async () => {
    await gw?.stop();
    await backend?.stop();
  });

  it("normalises traversal and merges slashes before routing", async () => {
    const r = await request(gw.ports.listener, "/edge/../etc/passwd");
    assert.equal(r.status, 200);
    assert.equal((r.json as Echo).path, "/etc/passwd", "the backend sees the normalised path, routed by it (not /edge/)");
    const m = await request(gw.ports.listener, "/edge//a///b");
    assert.equal((m.json as Echo).path, "/a/b");
  });

  it("redirects escaped slashes to their unescaped form", async () => {
    const r = await request(gw.ports.listener, "/edge%2Fx");
    assert.ok(r.status >= 300 && r.status < 400, `status ${r.status}`);
    assert.equal(r.headers.location?.toString().endsWith("/edge/x"), true, `location ${String(r.headers.location)}`);
  });

  it("refuses header names with underscores, and oversize headers", async () => {
    assert.equal((await request(gw.ports.listener, "/edge/x", { headers: { x_user: "a" } })).status, 400);
    assert.equal((await request(gw.ports.listener, "/edge/x", { headers: { "x-big": "a".repeat(100 * 1024) } })).status, 431);
    assert.equal((await request(gw.ports.listener, "/edge/x", { headers: { "x-user": "a" } })).status, 200);
  });

  it("closes slowloris connections after the request-headers timeout", async () => {
    const held = await slowloris(gw.ports.listener, 50, 15_000);
    const longest = Math.max(...held);
    console.log(`edge: 50 slowloris connections closed after ${Math.min(...held)}..${longest} ms (request_headers_timeout_ms 1000)`);
    assert.ok(longest < 8000, `a slow-header connection was held ${longest} ms`);
    assert.equal((await request(gw.ports.listener, "/edge/x")).status, 200, "normal requests still work");
  });
});

describe("edge defaults switched off by Module keys", () => {
  let backend: Backend;
  let gw: Attache;
  before(async () => {
    backend = await startBackend("alpha");
    gw = await startAttache({
      manifests: {
        "m.yaml": docs(
          mapping("edge", { prefix: "/edge/", service: backend.service }),
          resource("Module", "ambassador", { config: { headers_with_underscores_action: "ALLOW", reject_requests_with_escaped_slashes: true } }),
        ),
      },
    });
  });
  after(async () => {
    await gw?.stop();
    await backend?.stop();
  });

  it("allows underscores and rejects escaped slashes as configured", async () => {
    assert.equal((await request(gw.ports.listener, "/edge/x", { headers: { x_user: "a" } })).status, 200);
    assert.equal((await request(gw.ports.listener, "/edge%2Fx")).status, 400);
  });
});
