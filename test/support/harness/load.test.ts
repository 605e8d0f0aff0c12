import { test } from "node:test";
import assert from "node:assert/strict";
import { startBackend } from "./backend.js";
import { formatLoadReport, percentile, startLoad } from "./load.js";
import { freePort } from "./ports.js";
import { createServer, type Socket } from "node:net";

test("load generator keeps its rate, spreads paths and counts statuses", async (t) => {
  const b = await startBackend("load");
  t.after(() => b.stop());
  const load = startLoad({ port: b.port, paths: [{ path: "/a" }, { path: "/b", expect: 204 }], rate: 200, concurrency: 32 });
  await new Promise((r) => setTimeout(r, 1000));
  const report = await load.stop({ quiet: true });
  // A lower bound that holds on a busy 2-core machine; the upper bound is what matters (no burst).
  assert.ok(report.sent >= 60 && report.sent <= 230, `sent ${report.sent}`);
  const a = report.byPath["/a"]!;
  const bb = report.byPath["/b"]!;
  assert.ok(Math.abs(a.total - bb.total) <= 1, `${a.total} vs ${bb.total}`);
  assert.equal(a.failed, 0);
  assert.equal(a.statuses["200"], a.total);
  assert.equal(bb.ok, 0, "200 is a failure where 204 is expected");
  assert.equal(bb.failed, bb.total);
  assert.equal(b.received.length, a.total + bb.total);
  const table = formatLoadReport(report);
  assert.match(table, /^\/a\s+\d+\s+\d+\s+0\s+200:\d+\s+-\s+0\s+\d+\/\d+\/\d+$/m);
  assert.equal(a.latencies.length, a.total);
});

test("load generator counts connection errors as failures", async () => {
  const port = await freePort();
  const load = startLoad({ port, paths: [{ path: "/" }], rate: 50, concurrency: 2 });
  await new Promise((r) => setTimeout(r, 300));
  const report = await load.stop({ quiet: true });
  const c = report.byPath["/"]!;
  assert.ok(c.total > 0);
  assert.equal(c.failed, c.total);
  assert.equal(c.errors["ECONNREFUSED"], c.total);
});

test("load generator stops by itself after maxDurationMs", async () => {
  const port = await freePort();
  const load = startLoad({ port, paths: [{ path: "/" }], rate: 100, concurrency: 1, maxDurationMs: 100 });
  await new Promise((r) => setTimeout(r, 400));
  const report = await load.stop({ quiet: true });
  assert.ok(report.sent + report.skipped <= 15, `sent ${report.sent} skipped ${report.skipped}`);
});

test("load generator retries once when a reused keep-alive socket is reset, and counts it", async (t) => {
  // Answers the first request on each connection, resets the connection on the second.
  const sockets = new Set<Socket>();
  const server = createServer((sock) => {
    sockets.add(sock);
    let requests = 0;
    sock.on("data", (chunk) => {
      if (!chunk.toString().includes("\r\n\r\n")) return;
      if (++requests === 1) sock.write("HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: keep-alive\r\n\r\nok");
      else sock.resetAndDestroy();
    });
    sock.on("error", () => {});
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  t.after(() => {
    for (const s of sockets) s.destroy();
    server.close();
  });
  const port = (server.address() as { port: number }).port;
  const load = startLoad({ port, paths: [{ path: "/" }], rate: 20, concurrency: 1 });
  await new Promise((r) => setTimeout(r, 500));
  const c = (await load.stop({ quiet: true })).byPath["/"]!;
  assert.ok(c.total >= 5, `total ${c.total}`);
  assert.equal(c.failed, 0, JSON.stringify(c));
  // Every other request reuses the socket of the one before and is reset, then retried fresh.
  assert.ok(c.retried > 0 && c.retried >= Math.floor(c.total / 2) - 1, `retried ${c.retried} of ${c.total}`);
});

test("percentile by nearest rank", () => {
  const v = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
  assert.equal(percentile(v, 0.5), 5);
  assert.equal(percentile(v, 0.99), 10);
  assert.equal(percentile(v, 1), 10);
  assert.equal(percentile(v, 0), 1);
  assert.equal(percentile([], 0.5), 0);
});
