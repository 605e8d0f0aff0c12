// No Listener resources and Hosts with certificates: Ambassador's default pair (cleartext and
// HTTPS, here on free ports), and requestPolicy.insecure.additionalPort moving one Host's
// cleartext side to a port of its own.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { docs, freePorts, mapping, request, resource, startAttache, startBackend, tlsRequest, waitFor, type Attache, type Backend } from "../support/harness/index.js";
import { TestCa, tlsSecretYaml } from "../support/pki.js";

const ca = new TestCa("default-listeners-ca");
let backend: Backend;
let gw: Attache;
let tlsPort: number;
let extraPort: number;

describe("default listeners with TLS", () => {
  before(async () => {
    backend = await startBackend("web");
    [tlsPort, extraPort] = (await freePorts(2)) as [number, number];
    gw = await startAttache({
      extraArgs: ["--tls-listener-port", String(tlsPort)],
      manifests: {
        "edge.yaml": docs(
          resource("Host", "site", { hostname: "site.test", tlsSecret: { name: "site-cert" } }),
          resource("Host", "other", { hostname: "other.test", tlsSecret: { name: "other-cert" }, requestPolicy: { insecure: { action: "Route", additionalPort: extraPort } } }),
          mapping("web", { hostname: "*", prefix: "/web/", service: backend.service }),
          tlsSecretYaml("site-cert", "default", ca.issue({ cn: "site.test" })),
          tlsSecretYaml("other-cert", "default", ca.issue({ cn: "other.test" })),
        ),
      },
    });
    await waitFor(async () => (await tlsRequest(tlsPort, "/web/x", { servername: "site.test" }).catch(() => undefined))?.status === 200, 15_000, { what: "HTTPS on the default TLS port" });
  });
  after(async () => {
    await gw?.stop();
    await backend?.stop();
    ca.cleanup();
  });

  it("HTTPS on the default TLS port serves both Hosts with their certificates", async () => {
    for (const name of ["site.test", "other.test"]) {
      const r = await tlsRequest(tlsPort, "/web/x", { servername: name, ca: ca.cert });
      assert.equal(r.peerCn, name);
      assert.equal(r.status, 200);
    }
  });

  it("the default cleartext port redirects site.test to https; other.test's cleartext side is on its additionalPort", async () => {
    const redirect = await request(gw.ports.listener, "/web/x?a=b", { host: "site.test", agent: false });
    assert.equal(redirect.status, 301);
    assert.equal(redirect.headers.location, "https://site.test/web/x?a=b");
    assert.equal((await request(gw.ports.listener, "/web/x", { host: "other.test", agent: false })).status, 404, "other.test is not on the default cleartext port");
    assert.equal((await request(extraPort, "/web/x", { host: "other.test", agent: false })).json?.backend, "web", "other.test routes cleartext on its additionalPort");
    assert.equal((await request(extraPort, "/web/x", { host: "site.test", agent: false })).status, 404, "site.test is not on other's port");
  });
});
