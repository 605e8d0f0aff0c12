import { test } from "node:test";
import assert from "node:assert/strict";
import { startBackend } from "./backend.js";
import { request } from "./http.js";

test("backend echoes method, path, query and headers as JSON", async (t) => {
  const b = await startBackend("alpha");
  t.after(() => b.stop());
  const res = await request(b.port, "/some/path?x=1&y=two", { method: "POST", host: "h.example", headers: { "x-test": "v" }, body: "hi" });
  assert.equal(res.status, 200);
  assert.equal(res.headers["x-backend-name"], "alpha");
  assert.deepEqual(
    { backend: res.json.backend, method: res.json.method, path: res.json.path, query: res.json.query },
    { backend: "alpha", method: "POST", path: "/some/path", query: { x: "1", y: "two" } },
  );
  assert.equal(res.json.headers.host, "h.example");
  assert.equal(res.json.headers["x-test"], "v");
  assert.equal(b.received.length, 1);
  assert.equal(b.service, `127.0.0.1:${b.port}`);
});

test("backend delays on /slow?ms=N and on x-delay-ms", async (t) => {
  const b = await startBackend("slow");
  t.after(() => b.stop());
  const slow = await request(b.port, "/a/slow?ms=300");
  assert.ok(slow.ms >= 290, `slow took ${slow.ms} ms`);
  const hdr = await request(b.port, "/x", { headers: { "x-delay-ms": "200" } });
  assert.ok(hdr.ms >= 190, `header delay took ${hdr.ms} ms`);
  const fast = await request(b.port, "/x");
  assert.ok(fast.ms < 150, `fast took ${fast.ms} ms`);
});

test("backend answers the status asked for, by header or setStatus", async (t) => {
  const b = await startBackend("status", { status: 201 });
  t.after(() => b.stop());
  assert.equal((await request(b.port, "/")).status, 201);
  assert.equal((await request(b.port, "/", { headers: { "x-backend-status": "503" } })).status, 503);
  b.setStatus(418);
  assert.equal((await request(b.port, "/")).status, 418);
});

test("backend stop closes kept-alive connections and pending slow requests", async () => {
  const b = await startBackend("stop");
  await request(b.port, "/");
  const pending = request(b.port, "/slow?ms=10000").then(
    () => "answered",
    () => "failed",
  );
  await new Promise((r) => setTimeout(r, 50));
  const started = Date.now();
  await b.stop();
  assert.equal(await pending, "failed");
  assert.ok(Date.now() - started < 2000);
});
