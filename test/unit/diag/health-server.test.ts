import { test } from "node:test";
import assert from "node:assert/strict";
import { request } from "node:http";
import { ALIVE_PATH, DIAG_PATH, READY_PATH, startHealthServer, type HealthServer } from "../../../src/diag/health-server.js";
import { INITIAL_REASON, ReadyFlag } from "../../../src/diag/readiness.js";
import { createLogger } from "../../../src/util/logger.js";

interface Res {
  status: number;
  body: string;
  type: string | undefined;
  headers: Record<string, string | undefined>;
}

function call(port: number, path: string, method = "GET"): Promise<Res> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, method, agent: false }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body, type: res.headers["content-type"], headers: res.headers as Record<string, string | undefined> }));
    });
    req.on("error", reject);
    req.end();
  });
}

async function start(t: { after: (fn: () => Promise<void>) => void }, getDiag: () => unknown = () => ({})) {
  const readiness = new ReadyFlag();
  const lines: string[] = [];
  const server: HealthServer = await startHealthServer({
    port: 0,
    readiness,
    getDiag,
    logger: createLogger({ level: "debug", sink: (l) => lines.push(l) }),
  });
  t.after(() => server.close());
  return { server, readiness, lines };
}

test("binds 127.0.0.1 on a chosen port and answers check_alive", async (t) => {
  const { server } = await start(t);
  assert.equal(server.host, "127.0.0.1");
  assert.ok(server.port > 0);
  const r = await call(server.port, ALIVE_PATH);
  assert.equal(r.status, 200);
  assert.match(r.body, /alive/);
});

test("check_ready is 503 with a reason until the runtime marks it ready, and can drop again", async (t) => {
  const { server, readiness } = await start(t);
  let r = await call(server.port, READY_PATH);
  assert.equal(r.status, 503);
  assert.equal(r.body, `not ready: ${INITIAL_REASON}\n`);
  readiness.markReady();
  r = await call(server.port, READY_PATH);
  assert.equal(r.status, 200);
  readiness.markNotReady("envoy restarting");
  r = await call(server.port, READY_PATH);
  assert.equal(r.status, 503);
  assert.equal(r.body, "not ready: envoy restarting\n");
  // Alive stays alive whatever readiness says.
  assert.equal((await call(server.port, ALIVE_PATH)).status, 200);
});

test("diag ?json=true returns the provider's data, read at request time, with secrets redacted", async (t) => {
  let serial = 1;
  const { server } = await start(t, () => ({
    serial: serial++,
    versions: { cluster: "abc" },
    lastNack: null,
    tls: { name: "cert", private_key: "-----BEGIN PRIVATE KEY-----", nested: [{ password: "hunter2" }] },
  }));
  const first = await call(server.port, `${DIAG_PATH}?json=true`);
  assert.equal(first.status, 200);
  assert.equal(first.type, "application/json");
  assert.deepEqual(JSON.parse(first.body), {
    serial: 1,
    versions: { cluster: "abc" },
    lastNack: null,
    tls: { name: "cert", private_key: "[redacted]", nested: [{ password: "[redacted]" }] },
  });
  assert.ok(!first.body.includes("hunter2") && !first.body.includes("BEGIN PRIVATE KEY"));
  const second = await call(server.port, "/ambassador/v0/diag?json=true");
  assert.equal(JSON.parse(second.body).serial, 2);
});

test("diag without json is the page from the project, its data never inlined, under a strict CSP", async (t) => {
  const { server } = await start(t, async () => ({ note: "<script>x</script>" }));
  const r = await call(server.port, DIAG_PATH);
  assert.equal(r.status, 200);
  assert.match(r.type ?? "", /^text\/html/);
  assert.ok(!r.body.includes("<script>x"), "diagnostics data is fetched as JSON, never put into the HTML");
  assert.match(r.body, /<script src="static\/diag.js" defer><\/script>/);
  assert.match(r.headers["content-security-policy"] ?? "", /script-src 'self'/);
  for (const asset of ["diag.js", "diag.css"]) {
    const a = await call(server.port, `${DIAG_PATH}static/${asset}`);
    assert.equal(a.status, 200, asset);
    assert.ok(a.body.length > 500, asset);
  }
  assert.equal((await call(server.port, `${DIAG_PATH}static/../../package.json`)).status, 404);
});

test("diagnostics.enabled false turns the page and its JSON off; sections come from diagSections", async (t) => {
  let access = { enabled: true, allowNonLocal: false };
  const readiness = new ReadyFlag();
  const server = await startHealthServer({
    port: 0, readiness, getDiag: () => ({ all: true }), diagAccess: () => access,
    diagSections: async (name) => (name === "overview" ? { token: "planted-secret", fine: 1 } : undefined),
  });
  t.after(() => server.close());
  const o = await call(server.port, `${DIAG_PATH}?json=true&section=overview`);
  assert.equal(o.status, 200);
  assert.deepEqual(JSON.parse(o.body), { token: "[redacted]", fine: 1 });
  assert.equal((await call(server.port, `${DIAG_PATH}?json=true&section=nope`)).status, 404);
  access = { enabled: false, allowNonLocal: false };
  for (const path of [DIAG_PATH, `${DIAG_PATH}?json=true`, `${DIAG_PATH}static/diag.js`]) assert.equal((await call(server.port, path)).status, 404, path);
  assert.equal((await call(server.port, ALIVE_PATH)).status, 200);
});

test("a failing diag provider gives 500 and a log line, and the server keeps serving", async (t) => {
  const { server, lines } = await start(t, () => {
    throw new Error("provider broke");
  });
  assert.equal((await call(server.port, `${DIAG_PATH}?json=true`)).status, 500);
  assert.ok(lines.some((l) => l.includes("health server request failed") && l.includes("provider broke")));
  assert.equal((await call(server.port, ALIVE_PATH)).status, 200);
});

test("unknown paths are 404, other methods 405, HEAD has no body", async (t) => {
  const { server, readiness } = await start(t);
  assert.equal((await call(server.port, "/nope")).status, 404);
  assert.equal((await call(server.port, "/metricsx")).status, 404);
  assert.equal((await call(server.port, ALIVE_PATH, "POST")).status, 405);
  readiness.markReady();
  const head = await call(server.port, READY_PATH, "HEAD");
  assert.equal(head.status, 200);
  assert.equal(head.body, "");
});

test("/metrics serves the metrics provider's text, and is 404 without one", async (t) => {
  const { server } = await start(t);
  assert.equal((await call(server.port, "/metrics")).status, 404);
  const readiness = new ReadyFlag();
  const withMetrics = await startHealthServer({
    port: 0, readiness, getDiag: () => ({}), getMetrics: async () => "# TYPE x counter\nx 1\n",
  });
  t.after(() => withMetrics.close());
  const r = await call(withMetrics.port, "/metrics");
  assert.equal(r.status, 200);
  assert.match(r.type ?? "", /^text\/plain; version=0\.0\.4/);
  assert.equal(r.body, "# TYPE x counter\nx 1\n");
});

test("a port already in use is a startup error, and close() frees the port", async () => {
  const readiness = new ReadyFlag();
  const a = await startHealthServer({ port: 0, readiness, getDiag: () => ({}) });
  await assert.rejects(startHealthServer({ port: a.port, readiness, getDiag: () => ({}) }), /EADDRINUSE/);
  await a.close();
  const b = await startHealthServer({ port: a.port, readiness, getDiag: () => ({}) });
  await b.close();
});
