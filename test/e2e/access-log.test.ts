// LogService through a real Envoy: two access log gRPC servers written here receive what Envoy
// streams for requests through the gateway: the HTTP driver one entry per request with the
// extra headers in the phases asked for, the TCP driver one TCP entry per request.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { assertStatus, docs, mapping, request, resource, startAttache, startBackend, waitFor, type Attache, type Backend } from "../support/harness/index.js";
import { startAlsServer, type AlsServer } from "../support/als-server.js";

let backend: Backend;
let httpAls: AlsServer;
let tcpAls: AlsServer;
let gw: Attache;

const REQUESTS = 5;

describe("LogService access logs", () => {
  before(async () => {
    backend = await startBackend("logged", { responseHeaders: { "x-upstream-info": "from-backend" } });
    httpAls = await startAlsServer();
    tcpAls = await startAlsServer();
    gw = await startAttache({
      manifests: {
        "logs.yaml": docs(
          resource("LogService", "http-als", {
            service: `127.0.0.1:${httpAls.port}`,
            driver: "http",
            flush_interval_time: 1,
            driver_config: {
              additional_log_headers: [
                { header_name: "x-request-tag", during_response: false, during_trailer: false },
                { header_name: "x-upstream-info", during_request: false, during_trailer: false },
              ],
            },
          }),
          resource("LogService", "tcp-als", { service: `127.0.0.1:${tcpAls.port}`, driver: "tcp", flush_interval_time: 1 }),
          mapping("logged", { prefix: "/logged/", service: backend.service }),
        ),
      },
    });
  });
  after(async () => {
    await gw?.stop();
    await Promise.all([httpAls?.stop(), tcpAls?.stop(), backend?.stop()]);
  });

  it("sends one HTTP entry per request with the extra headers, and one TCP entry per request", async () => {
    for (let i = 0; i < REQUESTS; i++) {
      const res = await request(gw.ports.listener, `/logged/item-${i}`, { headers: { "x-request-tag": `tag-${i}` } });
      assertStatus(res, 200, `request ${i}`);
    }
    // Envoy logs the path it forwarded (rewritten to `/`) and the one the client sent.
    const sent = (e: AlsServer["http"][number]) => e.entry.request?.originalPath || e.entry.request?.path || "";
    const mine = () => httpAls.http.filter((e) => sent(e).startsWith("/logged/item-"));
    await waitFor(() => mine().length >= REQUESTS || undefined, 30_000, { what: "an HTTP access log entry per request" });
    await waitFor(() => tcpAls.tcp.length >= REQUESTS || undefined, 30_000, { what: "a TCP access log entry per request" });
    const entries = mine();
    assert.equal(entries.length, REQUESTS, "exactly one HTTP entry per request");
    const paths = entries.map(sent).sort();
    assert.deepEqual(paths, Array.from({ length: REQUESTS }, (_, i) => `/logged/item-${i}`));
    for (const { logName, entry } of entries) {
      assert.equal(logName, "default/http-als");
      const n = sent({ logName, entry }).slice("/logged/item-".length);
      assert.equal(entry.request?.requestHeaders["x-request-tag"], `tag-${n}`, "request header logged");
      assert.equal(entry.response?.responseHeaders["x-upstream-info"], "from-backend", "response header logged");
      assert.equal(entry.response?.responseHeaders["x-request-tag"], undefined, "not asked for in the response");
      assert.equal(entry.request?.requestHeaders["x-upstream-info"], undefined, "not asked for in the request");
      assert.equal(entry.response?.responseCode, 200);
    }
    assert.equal(tcpAls.tcp.length, REQUESTS, "exactly one TCP entry per request");
    for (const { logName, entry } of tcpAls.tcp) {
      assert.equal(logName, "default/tcp-als");
      assert.match(entry.commonProperties?.upstreamCluster ?? "", /^cluster_/, "the entry names the route's upstream cluster");
    }
  });
});
