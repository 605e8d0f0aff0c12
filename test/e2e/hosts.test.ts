// Hosts and Listeners: which Host header reaches which Mapping on which port, and the insecure
// actions (Route, Redirect, Reject) for cleartext requests.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  assertStatus, docs, echoFrom, freePorts, mapping, request, resource, startAttache, startBackend, statusOf, waitFor,
  type Attache, type Backend,
} from "../support/harness/index.js";

let alpha: Backend;
let beta: Backend;
let gw: Attache;
let portA: number;
let portB: number;

const on = (port: number, path: string, host: string, headers: Record<string, string> = {}) => request(port, path, { host, headers });

describe("Hosts and Listeners", () => {
  before(async () => {
    alpha = await startBackend("alpha");
    beta = await startBackend("beta");
    [portA, portB] = (await freePorts(2)) as [number, number];
    const a = alpha.service;
    gw = await startAttache({
      manifests: {
        "listeners.yaml": docs(
          resource("Listener", "all-hosts", { port: portA, protocol: "HTTP", securityModel: "XFP", hostBinding: { namespace: { from: "ALL" } } }),
          resource("Listener", "edge-b", {
            port: portB, protocol: "HTTP", securityModel: "XFP",
            hostBinding: { namespace: { from: "ALL" }, selector: { matchLabels: { edge: "b" } } },
          }),
        ),
        "hosts.yaml": docs(
          resource("Host", "foo", { hostname: "foo.example.com", requestPolicy: { insecure: { action: "Route" } } }, { labels: { edge: "b" } }),
          resource("Host", "redir", { hostname: "redir.example.com", requestPolicy: { insecure: { action: "Redirect" } } }),
          resource("Host", "reject", { hostname: "reject.example.com", requestPolicy: { insecure: { action: "Reject" } } }),
          resource("Host", "sel", { hostname: "sel.example.com", mappingSelector: { matchLabels: { team: "sel" } }, requestPolicy: { insecure: { action: "Route" } } }),
        ),
        "mappings.yaml": docs(
          mapping("foo-only", { prefix: "/foo-only/", hostname: "foo.example.com", service: a }),
          mapping("everywhere", { prefix: "/everywhere/", service: a }),
          mapping("redir-m", { prefix: "/r/", hostname: "redir.example.com", service: a }),
          mapping("reject-m", { prefix: "/j/", hostname: "reject.example.com", service: a }),
          mapping("sel-m", { prefix: "/sel/", service: beta.service }, { labels: { team: "sel" } }),
        ),
      },
    });
    await waitFor(async () => (await on(portA, "/foo-only/x", "foo.example.com")).status === 200, 3000, { what: "/foo-only/ on the Listener port" }).catch((err) => {
      throw new Error(`${(err as Error).message}\n${gw.output().slice(-4000)}`);
    });
  });
  after(async () => {
    await gw?.stop();
    await Promise.all([alpha?.stop(), beta?.stop()]);
  });

  it("serves on the Listener ports, not on the default listener port", async () => {
    echoFrom(await on(portA, "/everywhere/x", "foo.example.com"), "alpha", `port ${portA}`);
    echoFrom(await on(portB, "/everywhere/x", "foo.example.com"), "alpha", `port ${portB}`);
    assert.equal(await statusOf(gw.ports.listener, "/everywhere/x", { host: "foo.example.com" }), 0, "default listener port is closed when Listeners exist");
  });

  it("a Mapping with a hostname is served for that Host only", async () => {
    echoFrom(await on(portA, "/foo-only/x", "foo.example.com"), "alpha", "foo.example.com");
    assertStatus(await on(portA, "/foo-only/x", "sel.example.com"), 404, "sel.example.com");
    assertStatus(await on(portA, "/foo-only/x", "bar.example.com"), 404, "bar.example.com (no such Host)");
  });

  it("a Mapping without hostname joins every Host whose selector allows it", async () => {
    echoFrom(await on(portA, "/everywhere/x", "foo.example.com"), "alpha", "foo.example.com");
    assertStatus(await on(portA, "/everywhere/x", "sel.example.com"), 404, "sel.example.com selects team=sel only");
  });

  it("a Host's mappingSelector picks Mappings by label", async () => {
    echoFrom(await on(portA, "/sel/x", "sel.example.com"), "beta", "sel.example.com /sel/");
  });

  it("insecure action Redirect answers with a redirect to https", async () => {
    const res = await on(portA, "/r/x?q=1", "redir.example.com");
    assert.ok([301, 308].includes(res.status), `expected a redirect, got ${res.status} ${res.body.slice(0, 200)}`);
    assert.equal(res.headers.location, "https://redir.example.com/r/x?q=1");
  });

  it("insecure action Reject serves no route", async () => {
    assertStatus(await on(portA, "/j/x", "reject.example.com"), 404, "reject.example.com /j/");
    assertStatus(await on(portA, "/everywhere/x", "reject.example.com"), 404, "reject.example.com /everywhere/");
  });

  it("a Listener's hostBinding selector binds only the labelled Hosts", async () => {
    echoFrom(await on(portB, "/foo-only/x", "foo.example.com"), "alpha", `foo.example.com on port ${portB}`);
    assertStatus(await on(portB, "/r/x", "redir.example.com"), 404, `redir.example.com on port ${portB}`);
    assertStatus(await on(portB, "/sel/x", "sel.example.com"), 404, `sel.example.com on port ${portB}`);
  });

  it("diag shows no errors for this valid set", async () => {
    const diag = await gw.diag();
    assert.deepEqual((diag.diagnostics ?? []).filter((d: any) => d.severity === "error"), []);
  });
});
