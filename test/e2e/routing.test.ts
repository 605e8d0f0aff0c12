// Routing through a real Envoy driven by `bin/attache run`: match conditions, precedence,
// rewrites, header changes, timeouts and canary weights, asserted on what the backend received
// and what the client got. One attache instance serves every test in this file.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  assertStatus, docs, echoFrom, mapping, request, resource, startAttache, startBackend, waitFor,
  type Attache, type Backend, type RequestOptions,
} from "../support/harness/index.js";

let alpha: Backend;
let beta: Backend;
let canary: Backend;
let gw: Attache;

const get = (path: string, opts: RequestOptions = {}) => request(gw.ports.listener, path, opts);

function manifests(): Record<string, string> {
  const a = alpha.service;
  const b = beta.service;
  return {
    "match.yaml": docs(
      mapping("basic", { prefix: "/basic/", service: a }),
      mapping("exact", { prefix: "/exact", prefix_exact: true, service: a, rewrite: "" }),
      mapping("regex", { prefix: "/re/[0-9]+/item", prefix_regex: true, service: b, rewrite: "" }),
      mapping("case-insensitive", { prefix: "/CaseY/", case_sensitive: false, service: a }),
      mapping("host-glob", { prefix: "/hostglob/", hostname: "*.example.com", service: a }),
      mapping("host-exact", { prefix: "/hostexact/", hostname: "exact.test", service: b }),
      mapping("headers", { prefix: "/hdr/", headers: { "x-team": "blue" }, service: a }),
      mapping("regex-headers", { prefix: "/rhdr/", regex_headers: { "x-version": "^v[0-9]+$" }, service: a }),
      mapping("method", { prefix: "/method/", method: "POST", service: a }),
      mapping("query", { prefix: "/qp/", query_parameters: { flag: "on" }, service: a }),
      mapping("regex-query", { prefix: "/rqp/", regex_query_parameters: { id: "^[0-9]+$" }, service: a }),
    ),
    "precedence.yaml": docs(
      mapping("prec-short", { prefix: "/prec/", service: a }),
      mapping("prec-long", { prefix: "/prec/long/", service: b }),
      mapping("prio-short", { prefix: "/prio/", precedence: 10, service: a }),
      mapping("prio-long", { prefix: "/prio/inner/", service: b }),
      mapping("rprec-literal", { prefix: "/rprec/literal/", service: a }),
      mapping("rprec-regex", { prefix: "/rprec/.*", prefix_regex: true, precedence: 5, rewrite: "", service: b }),
    ),
    "rewrite.yaml": docs(
      mapping("rw-default", { prefix: "/foo/", service: a }),
      mapping("rw-keep", { prefix: "/keep/", rewrite: "", service: a }),
      mapping("rw-other", { prefix: "/rw/", rewrite: "/other/", service: a }),
      mapping("rw-regex", { prefix: "/rx/", regex_rewrite: { pattern: "^/rx/([a-z]+)/([0-9]+)$", substitution: "/items/\\2/\\1" }, service: a }),
      mapping("host-rewrite", { prefix: "/hrw/", host_rewrite: "rewritten.internal", service: a }),
    ),
    "headers.yaml": docs(
      mapping("req-headers", {
        prefix: "/req-hdr/",
        add_request_headers: { "x-added": "yes", "x-added-obj": { value: "v2" }, "x-override": { value: "gw", append: false } },
        remove_request_headers: ["x-remove-me"],
        service: a,
      }),
      mapping("resp-headers", {
        prefix: "/resp-hdr/",
        add_response_headers: { "x-resp-added": "r" },
        remove_response_headers: ["x-backend-name"],
        service: a,
      }),
    ),
    "timeout.yaml": mapping("timeout", { prefix: "/timeout/", timeout_ms: 500, service: a }),
    // Routes without timeout_ms take the Module's cluster_request_timeout_ms (else 3000).
    "module.yaml": resource("Module", "ambassador", { config: { cluster_request_timeout_ms: 1500 } }),
    "sources.yaml": docs(
      mapping("other-instance", { prefix: "/other-id/", ambassador_id: ["other"], service: a }),
      mapping("this-instance", { prefix: "/this-id/", ambassador_id: ["other", "default"], service: a }),
    ),
    "team-a/nested/deep.yaml": mapping("deep", { prefix: "/deep/", service: b }),
    "from-json.json": JSON.stringify({ apiVersion: "getambassador.io/v3alpha1", kind: "Mapping", metadata: { name: "from-json" }, spec: { prefix: "/json/", service: b } }),
    "canary.yaml": docs(
      mapping("canary-stable", { prefix: "/canary/", service: a }),
      mapping("canary-new", { prefix: "/canary/", weight: 10, service: canary.service }),
    ),
  };
}

describe("routing through Envoy", () => {
  before(async () => {
    alpha = await startBackend("alpha");
    beta = await startBackend("beta");
    canary = await startBackend("canary");
    gw = await startAttache({ manifests: manifests() });
    // Ready means Envoy ACKed the first config; the routes must be there by then, give 2 s slack.
    await waitFor(async () => (await get("/basic/")).status === 200, 2000, { what: "/basic/ to serve 200" }).catch((err) => {
      throw new Error(`${(err as Error).message}\n${gw.output()}`);
    });
  });
  after(async () => {
    await gw?.stop();
    await Promise.all([alpha?.stop(), beta?.stop(), canary?.stop()]);
  });

  it("prefix: strips the prefix by default and keeps the query", async () => {
    const e = echoFrom(await get("/basic/hello/world?x=1&y=2"), "alpha", "/basic/hello/world");
    assert.equal(e.path, "/hello/world");
    assert.deepEqual(e.query, { x: "1", y: "2" });
    assertStatus(await get("/basicx"), 404, "/basicx");
  });

  it("prefix is case sensitive by default", async () => {
    assertStatus(await get("/BASIC/hello"), 404, "/BASIC/hello");
  });

  it("prefix_exact matches the exact path only", async () => {
    assert.equal(echoFrom(await get("/exact"), "alpha", "/exact").path, "/exact");
    assertStatus(await get("/exact/more"), 404, "/exact/more");
    assertStatus(await get("/exactly"), 404, "/exactly");
  });

  it("prefix_regex matches by regex", async () => {
    assert.equal(echoFrom(await get("/re/123/item"), "beta", "/re/123/item").path, "/re/123/item");
    assertStatus(await get("/re/abc/item"), 404, "/re/abc/item");
  });

  it("case_sensitive: false matches any case", async () => {
    echoFrom(await get("/casey/a"), "alpha", "/casey/a");
    echoFrom(await get("/CASEY/a"), "alpha", "/CASEY/a");
    echoFrom(await get("/CaseY/a"), "alpha", "/CaseY/a");
  });

  it("hostname glob *.example.com matches the Host header", async () => {
    const e = echoFrom(await get("/hostglob/x", { host: "foo.example.com" }), "alpha", "Host foo.example.com");
    assert.equal(e.headers.host, "foo.example.com");
    echoFrom(await get("/hostglob/x", { host: "a.b.example.com" }), "alpha", "Host a.b.example.com");
    echoFrom(await get("/hostglob/x", { host: "FOO.Example.COM" }), "alpha", "Host FOO.Example.COM (host names are case-insensitive)");
    assertStatus(await get("/hostglob/x", { host: "example.com" }), 404, "Host example.com");
    assertStatus(await get("/hostglob/x", { host: "foo.example.org" }), 404, "Host foo.example.org");
    assertStatus(await get("/hostglob/x"), 404, "Host 127.0.0.1:port");
  });

  it("hostname exact matches the Host header (case-insensitively)", async () => {
    echoFrom(await get("/hostexact/x", { host: "exact.test" }), "beta", "Host exact.test");
    echoFrom(await get("/hostexact/x", { host: "EXACT.test" }), "beta", "Host EXACT.test");
    assertStatus(await get("/hostexact/x", { host: "other.test" }), 404, "Host other.test");
  });

  it("headers: exact header value required", async () => {
    echoFrom(await get("/hdr/x", { headers: { "x-team": "blue" } }), "alpha", "x-team: blue");
    assertStatus(await get("/hdr/x", { headers: { "x-team": "red" } }), 404, "x-team: red");
    assertStatus(await get("/hdr/x"), 404, "no x-team");
  });

  it("regex_headers: header value must match the regex", async () => {
    echoFrom(await get("/rhdr/x", { headers: { "x-version": "v12" } }), "alpha", "x-version: v12");
    assertStatus(await get("/rhdr/x", { headers: { "x-version": "vx" } }), 404, "x-version: vx");
    assertStatus(await get("/rhdr/x"), 404, "no x-version");
  });

  it("method: only the given method matches", async () => {
    const e = echoFrom(await get("/method/x", { method: "POST", body: "{}" }), "alpha", "POST /method/x");
    assert.equal(e.method, "POST");
    assertStatus(await get("/method/x"), 404, "GET /method/x");
  });

  it("query_parameters: exact value required", async () => {
    echoFrom(await get("/qp/x?flag=on"), "alpha", "?flag=on");
    assertStatus(await get("/qp/x?flag=off"), 404, "?flag=off");
    assertStatus(await get("/qp/x"), 404, "no flag");
  });

  it("regex_query_parameters: value must match the regex", async () => {
    echoFrom(await get("/rqp/x?id=42"), "alpha", "?id=42");
    assertStatus(await get("/rqp/x?id=abc"), 404, "?id=abc");
  });

  it("precedence: the longer prefix wins", async () => {
    echoFrom(await get("/prec/long/x"), "beta", "/prec/long/x");
    echoFrom(await get("/prec/other"), "alpha", "/prec/other");
  });

  it("precedence: an explicit precedence beats a longer prefix", async () => {
    echoFrom(await get("/prio/inner/x"), "alpha", "/prio/inner/x (prio-short has precedence 10)");
  });

  it("precedence: a regex Mapping with precedence beats a longer literal prefix", async () => {
    const e = echoFrom(await get("/rprec/literal/x"), "beta", "/rprec/literal/x (regex has precedence 5)");
    assert.equal(e.path, "/rprec/literal/x");
  });

  it("rewrite: default replaces the prefix with /", async () => {
    assert.equal(echoFrom(await get("/foo/bar"), "alpha", "/foo/bar").path, "/bar");
  });

  it('rewrite: "" keeps the path', async () => {
    assert.equal(echoFrom(await get("/keep/bar"), "alpha", "/keep/bar").path, "/keep/bar");
  });

  it("rewrite: /other/ replaces the prefix", async () => {
    assert.equal(echoFrom(await get("/rw/bar"), "alpha", "/rw/bar").path, "/other/bar");
  });

  it("regex_rewrite rewrites with capture groups", async () => {
    assert.equal(echoFrom(await get("/rx/abc/12"), "alpha", "/rx/abc/12").path, "/items/12/abc");
  });

  it("host_rewrite sets the Host header the backend sees", async () => {
    const e = echoFrom(await get("/hrw/x", { host: "client.example" }), "alpha", "/hrw/x");
    assert.equal(e.headers.host, "rewritten.internal");
  });

  it("add_request_headers / remove_request_headers change what the backend sees", async () => {
    const e = echoFrom(await get("/req-hdr/x", { headers: { "x-remove-me": "secret", "x-keep-me": "k", "x-override": "client" } }), "alpha", "/req-hdr/x");
    assert.equal(e.headers["x-override"], "gw", "append: false replaces the client's value");
    assert.equal(e.headers["x-added"], "yes");
    assert.equal(e.headers["x-added-obj"], "v2");
    assert.equal(e.headers["x-remove-me"], undefined, "x-remove-me must be removed");
    assert.equal(e.headers["x-keep-me"], "k");
    const control = echoFrom(await get("/basic/x", { headers: { "x-remove-me": "secret" } }), "alpha", "/basic/x");
    assert.equal(control.headers["x-remove-me"], "secret");
    assert.equal(control.headers["x-added"], undefined);
  });

  it("add_response_headers / remove_response_headers change what the client sees", async () => {
    const res = await get("/resp-hdr/x");
    echoFrom(res, "alpha", "/resp-hdr/x");
    assert.equal(res.headers["x-resp-added"], "r");
    assert.equal(res.headers["x-backend-name"], undefined, "x-backend-name must be removed");
    const control = await get("/basic/x");
    assert.equal(control.headers["x-backend-name"], "alpha");
    assert.equal(control.headers["x-resp-added"], undefined);
  });

  it("timeout_ms: a slow backend gets 504 after the timeout, a fast one 200", async () => {
    const slow = await get("/timeout/slow?ms=3000");
    assertStatus(slow, 504, "/timeout/slow?ms=3000 with timeout_ms 500");
    assert.ok(slow.ms >= 450 && slow.ms < 2500, `504 after ${slow.ms} ms, expected about 500`);
    echoFrom(await get("/timeout/slow?ms=100"), "alpha", "/timeout/slow?ms=100");
    echoFrom(await get("/timeout/fast"), "alpha", "/timeout/fast");
  });

  it("without timeout_ms the Module's cluster_request_timeout_ms applies", async () => {
    const slow = await get("/basic/slow?ms=4000");
    assertStatus(slow, 504, "/basic/slow?ms=4000 with cluster_request_timeout_ms 1500");
    assert.ok(slow.ms >= 1400 && slow.ms < 3000, `504 after ${slow.ms} ms, expected about 1500`);
    echoFrom(await get("/basic/slow?ms=800"), "alpha", "/basic/slow?ms=800");
  });

  it("canary: weight 10 gets about 10% of 1000 requests", async () => {
    const n = 1000;
    const counts: Record<string, number> = {};
    let next = 0;
    const worker = async () => {
      while (next < n) {
        next++;
        const res = await get("/canary/x");
        const who = res.status === 200 ? String(res.json?.backend) : `status ${res.status}`;
        counts[who] = (counts[who] ?? 0) + 1;
      }
    };
    await Promise.all(Array.from({ length: 20 }, worker));
    console.log(`canary split over ${n} requests: ${JSON.stringify(counts)}`);
    assert.equal((counts.alpha ?? 0) + (counts.canary ?? 0), n, `all answered by alpha or canary: ${JSON.stringify(counts)}`);
    const c = counts.canary ?? 0;
    assert.ok(c >= 70 && c <= 130, `canary got ${c}/${n}, expected 70..130 (p=0.1)`);
  });

  it("ambassador_id: only Mappings for this instance (default) are served", async () => {
    assertStatus(await get("/other-id/x"), 404, "ambassador_id [other]");
    echoFrom(await get("/this-id/x"), "alpha", "ambassador_id [other, default]");
  });

  it("manifests in subdirectories and JSON files are read", async () => {
    echoFrom(await get("/deep/x"), "beta", "team-a/nested/deep.yaml");
    echoFrom(await get("/json/x"), "beta", "from-json.json (no namespace: default)");
  });

  it("health and diagnostics endpoints answer", async () => {
    assert.equal((await request(gw.ports.health, "/ambassador/v0/check_alive")).status, 200);
    assert.equal((await request(gw.ports.health, "/ambassador/v0/check_ready")).status, 200);
    assert.equal((await request(gw.ports.ready, "/ready")).status, 200, "Envoy's own readiness listener");
    const diag = await gw.diag();
    assert.ok(Array.isArray(diag.diagnostics), `diag JSON has diagnostics[]: ${JSON.stringify(diag).slice(0, 500)}`);
    assert.ok(Array.isArray(diag.nacks), `diag JSON has nacks[]: ${JSON.stringify(diag).slice(0, 500)}`);
    assert.deepEqual(diag.diagnostics.filter((d: any) => d.severity === "error"), [], "no errors for valid manifests");
    assert.deepEqual(diag.nacks, [], "Envoy accepted everything");
  });

  it("unknown path answers 404", async () => {
    assertStatus(await get("/no/such/route"), 404, "/no/such/route");
    assertStatus(await get("/"), 404, "/");
  });
});
