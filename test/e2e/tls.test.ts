// TLS at the edge and upstream, through a real Envoy with real handshakes. Certificates are made
// by openssl when the suite starts (test/support/pki.ts). One HTTPS Listener carries seven Hosts
// chosen by SNI; a cleartext Listener shows the insecure actions; upstream TLS goes to real TLS
// backends (verified, wrong CA, mutual TLS, unverified https://).
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  docs, freePorts, h2Request, mapping, parseStats, request, sumStats, resource, startAttache, startBackend, startTlsBackend, tlsFailure, tlsRequest, waitFor,
  type Attache, type Backend,
} from "../support/harness/index.js";
import { secretYaml, TestCa, tlsSecretYaml, type Leaf } from "../support/pki.js";

const edgeCa = new TestCa("edge-ca");
const clientCa = new TestCa("client-ca");
const otherCa = new TestCa("other-ca");
const backendCa = new TestCa("backend-ca");
const leaf = (cn: string, o: { ca?: TestCa; client?: boolean; keyType?: "ec" | "rsa" } = {}): Leaf => (o.ca ?? edgeCa).issue({ cn, client: o.client, keyType: o.keyType });
const certs = {
  a: leaf("a.test"), b: leaf("b.test"), c: leaf("c.test"), v13: leaf("v13.test"), cipher: leaf("cipher.test"), h2: leaf("h2.test"), mtls: leaf("mtls.test"),
  clientOk: leaf("client-ok", { ca: clientCa, client: true }), clientRevoked: leaf("client-revoked", { ca: clientCa, client: true }),
  clientStranger: leaf("client-stranger", { ca: otherCa, client: true }),
  backend: leaf("backend.test", { ca: backendCa }), edgeClient: leaf("edge-client", { ca: clientCa, client: true }),
};
clientCa.revoke(certs.clientRevoked);
const crl = clientCa.crl();

let echo: Backend;
let tlsBackend: Backend;
let mtlsBackend: Backend & { clientCns: string[] };
let gw: Attache;
let http: number;
let https: number;

const host = (name: string, spec: Record<string, unknown>) => resource("Host", name, spec);
const ctx = (name: string, spec: Record<string, unknown>) => resource("TLSContext", name, spec);
const get = (name: string, path = "/echo/x", o: Parameters<typeof tlsRequest>[2] = {}) => tlsRequest(https, path, { servername: name, ...o });

describe("TLS through a real Envoy", () => {
  before(async () => {
    echo = await startBackend("echo");
    tlsBackend = await startTlsBackend("tls-backend", certs.backend);
    mtlsBackend = await startTlsBackend("mtls-backend", { ...certs.backend, clientCa: clientCa.cert });
    [http, https] = (await freePorts(2)) as [number, number];
    gw = await startAttache({ manifests: manifests() });
    await waitFor(async () => (await get("a.test").catch(() => undefined))?.status === 200, 15_000, { what: "TLS on a.test" }).catch((err) => {
      throw new Error(`${(err as Error).message}\n${gw.output().slice(-4000)}`);
    });
  });
  after(async () => {
    await gw?.stop();
    await Promise.all([echo?.stop(), tlsBackend?.stop(), mtlsBackend?.stop()]);
    for (const ca of [edgeCa, clientCa, otherCa, backendCa]) ca.cleanup();
  });

  it("serves each Host's own certificate by SNI (three Hosts, one listener)", async () => {
    for (const name of ["a.test", "b.test", "c.test"]) {
      const r = await get(name, "/echo/x", { ca: edgeCa.cert });
      assert.equal(r.peerCn, name, `certificate served for SNI ${name}`);
      assert.equal(r.status, 200);
      assert.equal(r.json?.backend, "echo");
    }
  });

  it("an unknown SNI, or none, gets the fallback: the first TLS Host by namespace/name (default/a)", async () => {
    assert.equal((await get("nobody.test", "/echo/x", { host: "a.test" })).peerCn, "a.test");
    assert.equal((await tlsRequest(https, "/echo/x", { host: "a.test" })).peerCn, "a.test");
  });

  it("min_tls_version is enforced: a TLS 1.2 client fails where the minimum is 1.3, and succeeds elsewhere", async () => {
    assert.ok(await tlsFailure(https, "/echo/x", { servername: "v13.test", maxVersion: "TLSv1.2" }), "TLS 1.2 accepted by a 1.3-only Host");
    assert.equal((await get("v13.test", "/echo/x", { minVersion: "TLSv1.3" })).protocol, "TLSv1.3");
    assert.equal((await get("a.test", "/echo/x", { maxVersion: "TLSv1.2" })).protocol, "TLSv1.2");
  });

  it("a client offering only TLS 1.1 fails (Envoy's minimum is 1.2)", async () => {
    const failure = await tlsFailure(https, "/echo/x", { servername: "a.test", minVersion: "TLSv1", maxVersion: "TLSv1.1", ciphers: "DEFAULT@SECLEVEL=0" });
    assert.ok(failure, "a TLS 1.1 handshake succeeded");
  });

  it("cipher_suites is enforced: a cipher outside the list fails, one inside is used", async () => {
    assert.ok(await tlsFailure(https, "/echo/x", { servername: "cipher.test", maxVersion: "TLSv1.2", ciphers: "ECDHE-ECDSA-AES128-GCM-SHA256" }));
    const r = await get("cipher.test", "/echo/x", { maxVersion: "TLSv1.2", ciphers: "ECDHE-ECDSA-AES256-GCM-SHA384" });
    assert.equal(r.cipher, "ECDHE-ECDSA-AES256-GCM-SHA384");
    assert.equal(r.status, 200);
  });

  it("alpn_protocols h2: HTTP/2 is negotiated and a request is served over it", async () => {
    const r = await h2Request(https, "/echo/h2", { servername: "h2.test" });
    assert.equal(r.alpn, "h2");
    assert.equal(r.status, 200);
    assert.equal(JSON.parse(r.body).path, "/h2", "served (the Mapping's prefix rewritten to /, as Ambassador does)");
  });

  it("mTLS: no certificate, another CA's, a revoked one are rejected; a valid one is served and its subject reaches the backend", async () => {
    assert.ok(await tlsFailure(https, "/echo/x", { servername: "mtls.test" }), "no client certificate accepted");
    assert.ok(await tlsFailure(https, "/echo/x", { servername: "mtls.test", ...certs.clientStranger }), "another CA's certificate accepted");
    assert.ok(await tlsFailure(https, "/echo/x", { servername: "mtls.test", ...certs.clientRevoked }), "a revoked certificate accepted");
    const r = await get("mtls.test", "/echo/x", { ...certs.clientOk });
    assert.equal(r.status, 200);
    assert.match(String(r.json?.headers?.["x-forwarded-client-cert"]), /Subject="CN=client-ok"/);
  });

  it("insecure actions on cleartext: Redirect 301 to https with path and query, Reject no route, Route served", async () => {
    for (const port of [http, https]) {
      const redirect = await request(port, "/echo/x?q=1&r=2", { host: "a.test", agent: false });
      assert.equal(redirect.status, 301, `port ${port}`);
      assert.equal(redirect.headers.location, "https://a.test/echo/x?q=1&r=2");
      assert.equal((await request(port, "/echo/x", { host: "b.test", agent: false })).status, 404, `Reject on port ${port}`);
      assert.equal((await request(port, "/echo/x", { host: "c.test", agent: false })).json?.backend, "echo", `Route on port ${port}`);
    }
    assert.equal((await get("b.test")).status, 200, "Reject leaves TLS requests alone");
  });

  it("upstream TLS: verified with the CA, 503 with a certificate from the wrong CA, mTLS with a client certificate, https:// unverified", async () => {
    const ok = await get("c.test", "/up-verified/x");
    assert.equal(ok.status, 200);
    assert.equal(ok.json?.backend, "tls-backend");
    const wrong = await get("c.test", "/up-wrong-ca/x");
    assert.equal(wrong.status, 503);
    const stats = parseStats(await gw.admin("/stats?filter=ssl.fail_verify_error"));
    const failed = sumStats(stats, /^cluster\.[^.]+\.ssl\.fail_verify_error$/);
    assert.ok(failed.total > 0, `Envoy counts a failed certificate verification (${failed.names.join(", ")})`);
    const mutual = await get("c.test", "/up-mtls/x");
    assert.equal(mutual.status, 200);
    assert.deepEqual([...new Set(mtlsBackend.clientCns)], ["edge-client"]);
    assert.equal((await get("c.test", "/up-plain/x")).json?.backend, "tls-backend");
  });

  it("diagnostics: no errors; the unverified https:// Mapping is warned about; no key material anywhere", async () => {
    const diag = await gw.diag();
    const list = (diag.diagnostics ?? []) as { severity: string; message: string; ref?: { name: string } }[];
    assert.deepEqual(list.filter((d) => d.severity === "error"), []);
    assert.ok(list.some((d) => d.ref?.name === "up-plain" && /not verified/.test(d.message)));
    const text = `${gw.output()}\n${JSON.stringify(diag)}`;
    for (const pair of Object.values(certs)) {
      for (const line of pair.key.split("\n").filter((l) => l.length > 16 && !l.startsWith("-----"))) assert.ok(!text.includes(line), "key material in output or diagnostics");
    }
  });

  it("bad TLS input added live is refused with errors naming resource and field; every other Host keeps serving TLS", async () => {
    const stranger = otherCa.issue({ cn: "bad.test" });
    gw.writeManifest("bad.yaml", docs(
      secretYaml("bad-cert", "default", "kubernetes.io/tls", { "tls.crt": certs.a.cert, "tls.key": stranger.key }),
      host("bad", { hostname: "bad.test", tlsSecret: { name: "bad-cert" } }),
      host("lost", { hostname: "lost.test", tlsContext: { name: "nowhere" } }),
    ));
    const errors = await waitFor(async () => {
      const list = ((await gw.diag()).diagnostics ?? []) as { severity: string; field?: string; message: string; ref?: { kind: string; name: string } }[];
      const e = list.filter((d) => d.severity === "error").map((d) => `${d.ref?.kind} ${d.ref?.name}: ${d.field}`);
      return e.length >= 3 ? e : undefined;
    }, 10_000, { what: "errors for the bad input" });
    assert.deepEqual([...errors].sort(), ["Host bad: spec.tlsSecret.name", "Host lost: spec.tlsContext.name", "Secret bad-cert: data.tls.key"]);
    for (const name of ["a.test", "b.test", "c.test", "mtls.test"]) {
      const r = await get(name, "/echo/x", name === "mtls.test" ? { ...certs.clientOk } : {});
      assert.equal(r.peerCn, name);
      assert.equal(r.status, 200);
    }
    const text = `${gw.output()}\n${JSON.stringify(await gw.diag())}`;
    for (const line of stranger.key.split("\n").filter((l) => l.length > 16 && !l.startsWith("-----"))) assert.ok(!text.includes(line), "the bad Secret's key is in the output");
    gw.removeManifest("bad.yaml");
  });
});

function manifests(): Record<string, string> {
  const secrets = [
    ...Object.entries({ a: certs.a, b: certs.b, c: certs.c, v13: certs.v13, cipher: certs.cipher, h2: certs.h2, mtls: certs.mtls, "edge-client": certs.edgeClient })
      .map(([n, p]) => tlsSecretYaml(`${n}-cert`, "default", p)),
    secretYaml("client-ca", "default", "Opaque", { "ca.crt": clientCa.cert, "crl.pem": crl }),
    secretYaml("backend-ca", "default", "Opaque", { "ca.crt": backendCa.cert }),
    secretYaml("other-ca", "default", "Opaque", { "ca.crt": otherCa.cert }),
  ];
  return {
    "secrets.yaml": docs(...secrets.map((s) => s.trimEnd())),
    "edge.yaml": docs(
      resource("Listener", "https", { port: https, protocol: "HTTPS", securityModel: "XFP" }),
      resource("Listener", "http", { port: http, protocol: "HTTP", securityModel: "XFP" }),
      resource("Module", "ambassador", { config: { forward_client_cert_details: "SANITIZE_SET", set_current_client_cert_details: { subject: true } } }),
      host("a", { hostname: "a.test", tlsSecret: { name: "a-cert" } }),
      host("b", { hostname: "b.test", tlsSecret: { name: "b-cert" }, requestPolicy: { insecure: { action: "Reject" } } }),
      host("c", { hostname: "c.test", tlsSecret: { name: "c-cert" }, requestPolicy: { insecure: { action: "Route" } } }),
      host("min13", { hostname: "v13.test" }),
      ctx("tls13", { hosts: ["v13.test"], secret: "v13-cert", min_tls_version: "v1.3" }),
      host("cipher", { hostname: "cipher.test", tlsContext: { name: "one-cipher" } }),
      ctx("one-cipher", { secret: "cipher-cert", max_tls_version: "v1.2", cipher_suites: ["ECDHE-ECDSA-AES256-GCM-SHA384"] }),
      host("h2", { hostname: "h2.test", tlsSecret: { name: "h2-cert" }, tls: { alpn_protocols: "h2,http/1.1" } }),
      host("mtls", { hostname: "mtls.test", tlsContext: { name: "client-certs" } }),
      ctx("client-certs", { secret: "mtls-cert", ca_secret: "client-ca", crl_secret: "client-ca", cert_required: true }),
      ctx("up-good", { ca_secret: "backend-ca", sni: "backend.test" }),
      ctx("up-wrong", { ca_secret: "other-ca", sni: "backend.test" }),
      ctx("up-mutual", { secret: "edge-client-cert", ca_secret: "backend-ca", sni: "backend.test" }),
    ),
    "mappings.yaml": docs(
      mapping("echo", { hostname: "*", prefix: "/echo/", service: echo.service }),
      mapping("up-verified", { hostname: "*", prefix: "/up-verified/", service: `https://${tlsBackend.service}`, tls: "up-good" }),
      mapping("up-wrong-ca", { hostname: "*", prefix: "/up-wrong-ca/", service: `https://${tlsBackend.service}`, tls: "up-wrong" }),
      mapping("up-mtls", { hostname: "*", prefix: "/up-mtls/", service: `https://${mtlsBackend.service}`, tls: "up-mutual" }),
      mapping("up-plain", { hostname: "*", prefix: "/up-plain/", service: `https://${tlsBackend.service}` }),
    ),
  };
}
