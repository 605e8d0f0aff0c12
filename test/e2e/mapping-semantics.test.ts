// Mapping semantics where attache used to differ from Ambassador (issue 8 #1-4, #11), and the
// route policies (retries, per-try timeout), observed as a user would through a real Envoy:
// what the client got and what each backend received. A route-only change (retries, timeout)
// must not make Envoy apply a cluster update: read from Envoy's own xDS counters.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import {
  assertStatus, docs, echoFrom, mapping, parseStats, request, startAttache, startBackend, sumStats,
  waitFor, type Attache, type Backend, type RequestOptions,
} from "../support/harness/index.js";

let alpha: Backend;
let beta: Backend;
let shadow: Backend;
let flaky: Flaky;
let gw: Attache;

const get = (path: string, opts: RequestOptions = {}) => request(gw.ports.listener, path, opts);

/** Answers 503 to the first `failures` requests of each path, then 200 with the attempt count; `/slowfirst/` paths stall their first attempt instead. */
interface Flaky { readonly port: number; readonly attempts: Map<string, number>; stop(): Promise<void> }

function startFlaky(failures: number): Promise<Flaky> {
  const attempts = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const path = req.url ?? "/";
    const n = (attempts.get(path) ?? 0) + 1;
    attempts.set(path, n);
    const answer = (status: number) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify({ attempts: n }));
    if (path.startsWith("/slowfirst/")) return void (n === 1 ? setTimeout(() => !res.destroyed && answer(200), 3000) : answer(200));
    answer(n <= failures ? 503 : 200);
  });
  server.keepAliveTimeout = 0;
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => {
    const addr = server.address();
    resolve({
      port: typeof addr === "object" && addr ? addr.port : 0,
      attempts,
      stop: () => new Promise<void>((done) => { server.close(() => done()); server.closeAllConnections(); }),
    });
  }));
}

function retryManifest(numRetries: number, timeoutMs: number): string {
  return docs(
    mapping("retry", { prefix: "/retry/", service: `127.0.0.1:${flaky.port}`, rewrite: "", retry_policy: { retry_on: "5xx", num_retries: numRetries }, timeout_ms: timeoutMs }),
    mapping("per-try", { prefix: "/slowfirst/", service: `127.0.0.1:${flaky.port}`, rewrite: "", retry_policy: { retry_on: "5xx", num_retries: 2, per_try_timeout: "300ms" } }),
    mapping("no-retry", { prefix: "/noretry/", service: `127.0.0.1:${flaky.port}`, rewrite: "" }),
  );
}

function manifests(): Record<string, string> {
  const v2 = (name: string, spec: Record<string, unknown>) =>
    mapping(name, spec).replace("getambassador.io/v3alpha1", "getambassador.io/v2");
  return {
    "shadow.yaml": docs(
      mapping("sh-live", { prefix: "/shadow/", service: alpha.service }),
      mapping("sh-copy", { prefix: "/shadow/", service: shadow.service, shadow: true }),
      mapping("lonely", { prefix: "/lonely/", service: shadow.service, shadow: true }),
    ),
    "redirects.yaml": docs(
      mapping("rd-plain", { prefix: "/rd-plain/", service: "example.com", host_redirect: true }),
      mapping("rd-path", { prefix: "/rd-path/", service: "https://new.example.com:8443", host_redirect: true, path_redirect: "/landing", redirect_response_code: 302 }),
      mapping("rd-prefix", { prefix: "/rd-old/", service: "docs.example.com", host_redirect: true, prefix_redirect: "/new/", redirect_response_code: 308 }),
      mapping("rd-regex", { prefix: "/rd-item/", service: "shop.example.com", host_redirect: true, regex_redirect: { pattern: "^/rd-item/([0-9]+)$", substitution: "/products/\\1" }, redirect_response_code: 307 }),
      mapping("rd-zero", { prefix: "/rd-zero/", service: "example.org", host_redirect: true, redirect_response_code: 0 }),
    ),
    "groups.yaml": docs(
      mapping("m-get", { prefix: "/meth/", method: "GET", service: alpha.service }),
      mapping("m-any", { prefix: "/meth/", service: beta.service }),
      mapping("pm-a", { prefix: "/pm/", service: alpha.service, rewrite: "/a/" }),
      mapping("pm-b", { prefix: "/pm/", service: beta.service, rewrite: "/b/", weight: 50, add_request_headers: { "x-member": "b" } }),
    ),
    "hosts.yaml": docs(
      v2("v2-glob", { prefix: "/v2glob/", host: "*.example.com", service: alpha.service }),
      mapping("v3-star", { prefix: "/v3star/", host: "*.example.com", service: alpha.service }),
    ),
    "retry.yaml": retryManifest(3, 3000),
  };
}

describe("Mapping semantics through Envoy", () => {
  before(async () => {
    [alpha, beta, shadow, flaky] = await Promise.all([startBackend("alpha"), startBackend("beta"), startBackend("shadow"), startFlaky(2)]);
    gw = await startAttache({ manifests: manifests() });
    await waitFor(async () => (await get("/meth/")).status === 200, 2000, { what: "/meth/ to serve 200" }).catch((err) => {
      throw new Error(`${(err as Error).message}\n${gw.output()}`);
    });
  });
  after(async () => {
    await gw?.stop();
    await Promise.all([alpha?.stop(), beta?.stop(), shadow?.stop(), flaky?.stop()]);
  });

  it("shadow: the client only sees the primary; the shadow gets a copy of every request", async () => {
    shadow.setStatus(500);
    const before = shadow.received.length;
    for (let i = 0; i < 20; i++) echoFrom(await get(`/shadow/item?i=${i}`), "alpha", `/shadow/ request ${i}`);
    await waitFor(() => shadow.received.length - before >= 20, 5000, { what: "20 mirrored requests at the shadow" });
    const copies = shadow.received.slice(before);
    assert.ok(copies.every((e) => e.path === "/item"), "the shadow sees the rewritten path");
    assert.ok(copies.every((e) => String(e.headers.host).endsWith("-shadow")), `Envoy marks mirrored requests: ${copies[0]?.headers.host}`);
    shadow.setStatus(200);
    assertStatus(await get("/lonely/x"), 404, "a group with only a shadow has no route");
  });

  it("host_redirect answers each redirect form with its code and Location", async () => {
    const cases: [string, number, RegExp][] = [
      ["/rd-plain/a/b", 301, /^http:\/\/example\.com(:\d+)?\/rd-plain\/a\/b$/],
      ["/rd-path/x", 302, /^https:\/\/new\.example\.com:8443\/landing$/],
      ["/rd-old/a/b", 308, /^http:\/\/docs\.example\.com(:\d+)?\/new\/a\/b$/],
      ["/rd-item/42", 307, /^http:\/\/shop\.example\.com(:\d+)?\/products\/42$/],
      ["/rd-zero/z", 301, /^http:\/\/example\.org(:\d+)?\/rd-zero\/z$/],
    ];
    for (const [path, code, location] of cases) {
      const res = await get(path);
      assertStatus(res, code, path);
      assert.match(String(res.headers.location), location, `${path} Location`);
    }
  });

  it("method is part of the group: GET goes to the GET Mapping, every other method to the other", async () => {
    echoFrom(await get("/meth/x"), "alpha", "GET /meth/");
    echoFrom(await get("/meth/x", { method: "POST", body: "{}" }), "beta", "POST /meth/");
    echoFrom(await get("/meth/x", { method: "PUT", body: "{}" }), "beta", "PUT /meth/");
  });

  it("canary members keep their own rewrite and headers, and the split follows the weights", async () => {
    const seen = { alpha: 0, beta: 0 };
    for (let i = 0; i < 200; i++) {
      const res = await get("/pm/x");
      assertStatus(res, 200, "/pm/");
      const e = res.json as { backend: "alpha" | "beta"; path: string; headers: Record<string, string> };
      seen[e.backend]++;
      assert.equal(e.path, e.backend === "alpha" ? "/a/x" : "/b/x", `${e.backend} gets its own rewrite`);
      assert.equal(e.headers["x-member"], e.backend === "beta" ? "b" : undefined, `${e.backend}'s own headers`);
    }
    assert.ok(seen.alpha >= 60 && seen.beta >= 60, `a 50/50 split over 200 requests: ${JSON.stringify(seen)}`);
  });

  it("host with * in v3alpha1 is rejected; a v2 host is a hostname glob", async () => {
    echoFrom(await get("/v2glob/x", { host: "foo.example.com" }), "alpha", "v2 host glob");
    assertStatus(await get("/v2glob/x", { host: "other.test" }), 404, "v2 host glob, other host");
    assertStatus(await get("/v3star/x", { host: "foo.example.com" }), 404, "v3 host with * is left out");
    const d = await gw.diag();
    const bad = (d.diagnostics ?? []).filter((x: { ref?: { name?: string }; field?: string }) => x.ref?.name === "v3-star" && x.field === "spec.host");
    assert.equal(bad.length, 1, JSON.stringify(d.diagnostics));
  });

  it("retry_policy: a backend that fails twice then answers is retried; without it the client sees the 503", async () => {
    const res = await get("/retry/twice");
    assertStatus(res, 200, "/retry/twice");
    assert.equal(flaky.attempts.get("/retry/twice"), 3, "two failures and the answer reached the backend");
    assertStatus(await get("/noretry/once"), 503, "no retry policy");
    assert.equal(flaky.attempts.get("/noretry/once"), 1);
  });

  it("per_try_timeout: a stalled first attempt is abandoned and retried", async () => {
    const res = await get("/slowfirst/a");
    assertStatus(res, 200, "/slowfirst/a");
    assert.ok(res.ms < 2500, `answered by the second attempt in ${res.ms} ms (the first stalls 3 s)`);
    assert.equal(flaky.attempts.get("/slowfirst/a"), 2);
  });

  it("changing a route's retries and timeout updates routes only: Envoy applies no cluster update", async () => {
    const stats = async () => parseStats(await gw.admin("/stats"));
    const cds = (s: Map<string, number>) => s.get("cluster_manager.cds.update_success") ?? 0;
    const rds = (s: Map<string, number>) => sumStats(s, /\.rds\.listener-\d+-routes\.update_success$/).total;
    const start = await stats();
    gw.writeManifest("retry.yaml", retryManifest(1, 2500));
    await waitFor(async () => rds(await stats()) > rds(start), 5000, { what: "Envoy to apply the new routes" });
    let n = 0;
    await waitFor(async () => (await get(`/retry/after-edit-${n++}`)).status === 503, 5000, { what: "one retry only: two failures reach the client" });
    const end = await stats();
    assert.equal(cds(end), cds(start), `CDS updates applied: ${cds(start)} -> ${cds(end)}`);
  });

  it("changing one Mapping's cluster setting replaces that cluster only: no other cluster is modified", async () => {
    const stats = async () => parseStats(await gw.admin("/stats"));
    const count = (s: Map<string, number>, name: string) => s.get(`cluster_manager.${name}`) ?? 0;
    const start = await stats();
    gw.writeManifest("breakers.yaml", mapping("breakers", { prefix: "/breakers/", service: beta.service, circuit_breakers: [{ max_connections: 50 }] }));
    await waitFor(async () => (await get("/breakers/x")).status === 200, 5000, { what: "/breakers/ served" });
    const mid = await stats();
    gw.writeManifest("breakers.yaml", mapping("breakers", { prefix: "/breakers/", service: beta.service, circuit_breakers: [{ max_connections: 60 }] }));
    await waitFor(async () => count(await stats(), "cluster_removed") > count(mid, "cluster_removed"), 5000, { what: "the old variant removed" });
    const end = await stats();
    const delta = (name: string) => count(end, name) - count(mid, name);
    assert.equal(delta("cluster_added"), 1, "the new variant");
    assert.equal(delta("cluster_removed"), 1, "the old variant");
    assert.equal(delta("cluster_modified"), 0, "no other cluster was touched");
    assert.ok(count(mid, "cluster_added") > count(start, "cluster_added"), "the first variant was added");
    echoFrom(await get("/breakers/x"), "beta", "/breakers/ after the change");
  });
});
