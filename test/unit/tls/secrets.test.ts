// Secrets and TLSContexts in the resources stage: real certificates (made by openssl at test
// time) parsed and checked; every bad one is refused with an error naming the Secret and the
// field, and no message, ever, carries the key material.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { build, errors, lines } from "../resources/helpers.js";
import { secretYaml, TestCa, tlsSecretYaml } from "../../support/pki.js";

const ca = new TestCa("unit-ca");
const other = new TestCa("other-ca");
after(() => { ca.cleanup(); other.cleanup(); });

const good = ca.issue({ cn: "a.example.com", dns: ["a.example.com", "*.a.example.com"] });
const expired = ca.issue({ cn: "old.example.com", start: "20200101000000Z", end: "20210101000000Z" });
const stranger = other.issue({ cn: "a.example.com" });

function keyLines(pem: string): string[] {
  return pem.split("\n").filter((l) => l.length > 20 && !l.startsWith("-----"));
}

/** Nothing of any key (PEM body lines or base64 of the whole PEM) in any diagnostic. */
function assertNoKeys(text: string): void {
  for (const k of [good.key, expired.key, stranger.key, ca.key]) {
    for (const l of keyLines(k)) assert.ok(!text.includes(l), "a diagnostic carries key material");
    assert.ok(!text.includes(Buffer.from(k).toString("base64").slice(0, 40)), "a diagnostic carries base64 key material");
  }
}

test("a kubernetes.io/tls Secret is parsed: subject, DNS names, validity; no diagnostics", () => {
  const rs = build(tlsSecretYaml("a-cert", "prod", good));
  assert.deepEqual(lines(rs.diagnostics), []);
  const s = rs.secrets?.[0];
  assert.equal(s?.meta.ref.name, "a-cert");
  assert.equal(s?.meta.ref.namespace, "prod");
  assert.deepEqual(s?.tls?.info.dnsNames, ["a.example.com", "*.a.example.com"]);
  assert.equal(s?.tls?.info.validTo, "2099-12-31T23:59:59.000Z");
  assert.equal(s?.tls?.privateKey, good.key);
});

test("Opaque Secrets: tls pair, ca.crt, crl.pem, stringData; unrelated Secrets are left out silently", () => {
  const crl = ca.crl();
  const text = [
    secretYaml("pair", "default", "Opaque", { "tls.crt": good.cert, "tls.key": good.key }),
    secretYaml("ca", "default", "Opaque", { "ca.crt": ca.cert, "crl.pem": crl }),
    secretYaml("emissary-style-ca", "default", "Opaque", { "tls.crt": ca.cert }),
    secretYaml("password", "default", "Opaque", { password: "hunter2" }),
    secretYaml("token", "default", "kubernetes.io/service-account-token", { token: "abc" }),
    `apiVersion: v1\nkind: Secret\nmetadata:\n  name: plain\nstringData:\n  ca.crt: |\n${ca.cert.trim().split("\n").map((l) => `    ${l}`).join("\n")}\n`,
  ].join("---\n");
  const rs = build(text);
  assert.deepEqual(lines(rs.diagnostics), []);
  assert.deepEqual(rs.secrets?.map((s) => s.meta.ref.name), ["ca", "emissary-style-ca", "pair", "plain"]);
  const byName = new Map(rs.secrets?.map((s) => [s.meta.ref.name, s]));
  assert.equal(byName.get("ca")?.crl, crl);
  assert.deepEqual(byName.get("emissary-style-ca")?.ca?.subjects, ["CN=unit-ca"]);
  assert.deepEqual(byName.get("plain")?.ca?.subjects, ["CN=unit-ca"]);
});

test("an expired certificate is served with a warning that gives the date", () => {
  const rs = build(tlsSecretYaml("old", "default", expired));
  assert.equal(rs.secrets?.length, 1);
  assert.deepEqual(lines(rs.diagnostics), [
    "warning: Secret default/old (test.yaml:8): data.tls.crt: certificate (CN=old.example.com) expired on 2021-01-01T00:00:00.000Z",
  ]);
});

test("bad Secrets are refused, each with an error naming the Secret and the field, never the key", () => {
  const truncated = good.key.split("\n").slice(0, 2).join("\n") + "\n";
  const damaged = good.key.replace(/\n([A-Za-z0-9+/]{10})/, "\nAAAAAAAAAA");
  const text = [
    secretYaml("mismatch", "default", "kubernetes.io/tls", { "tls.crt": good.cert, "tls.key": stranger.key }),
    secretYaml("truncated-key", "default", "kubernetes.io/tls", { "tls.crt": good.cert, "tls.key": truncated }),
    secretYaml("damaged-key", "default", "kubernetes.io/tls", { "tls.crt": good.cert, "tls.key": damaged }),
    secretYaml("not-pem", "default", "kubernetes.io/tls", { "tls.crt": "hello", "tls.key": good.key }),
    secretYaml("key-as-cert", "default", "kubernetes.io/tls", { "tls.crt": good.key, "tls.key": good.key }),
    secretYaml("no-key", "default", "kubernetes.io/tls", { "tls.crt": good.cert }),
    secretYaml("bad-crl", "default", "Opaque", { "ca.crt": ca.cert, "crl.pem": ca.cert }),
    `apiVersion: v1\nkind: Secret\nmetadata:\n  name: not-base64\ntype: kubernetes.io/tls\ndata:\n  tls.crt: "%%%"\n  tls.key: "%%%"\n`,
  ].join("---\n");
  const rs = build(text);
  assert.deepEqual(rs.secrets ?? [], []);
  const got = errors(rs).map((d) => `${d.ref?.name}: ${d.field}: ${d.message}`).sort();
  assert.deepEqual(got, [
    "bad-crl: data.crl.pem: holds a CERTIFICATE block; expected only X509 CRL blocks",
    "damaged-key: data.tls.key: is not a valid private key (malformed PEM contents)",
    "key-as-cert: data.tls.crt: PEM block 1 is a PRIVATE KEY, not a CERTIFICATE",
    "mismatch: data.tls.key: does not match the certificate in tls.crt (a key of another certificate?)",
    "no-key: data.tls.key: is required in a kubernetes.io/tls Secret",
    "not-base64: data.tls.crt: must be base64-encoded text",
    "not-base64: data.tls.key: must be base64-encoded text",
    "not-pem: data.tls.crt: is not PEM (no -----BEGIN ...----- block)",
    "truncated-key: data.tls.key: holds a -----BEGIN line without its -----END line (truncated?)",
  ]);
  assertNoKeys(JSON.stringify(rs.diagnostics));
});

test("TLSContext: versions in order, known ciphers and curves, ALPN split, legacy fields reported", () => {
  const tc = (name: string, spec: string) => `apiVersion: getambassador.io/v3alpha1\nkind: TLSContext\nmetadata:\n  name: ${name}\nspec:\n${spec}`;
  const text = [
    tc("ok", "  hosts: [A.example.com]\n  secret: a-cert\n  alpn_protocols: h2, http/1.1\n  min_tls_version: v1.2\n  max_tls_version: v1.3\n  cipher_suites: [\"[ECDHE-ECDSA-AES128-GCM-SHA256|ECDHE-ECDSA-CHACHA20-POLY1305]\", ECDHE-RSA-AES256-GCM-SHA384]\n  ecdh_curves: [X25519, P-256]\n"),
    tc("versions", "  secret: a\n  min_tls_version: v1.3\n  max_tls_version: v1.2\n"),
    tc("cipher", "  secret: a\n  cipher_suites: [ECDHE-RSA-AES128-GCM-SHA255]\n"),
    tc("curve", "  secret: a\n  ecdh_curves: [P-999]\n"),
    tc("both", "  secret: a\n  cert_chain_file: /x.crt\n  private_key_file: /x.key\n"),
    tc("legacy", "  secret: a\n  redirect_cleartext_from: 8080\n"),
  ].join("---\n");
  const rs = build(text);
  const ok = rs.tlsContexts?.find((t) => t.meta.ref.name === "ok");
  assert.deepEqual(ok?.spec.alpn, ["h2", "http/1.1"]);
  assert.deepEqual(ok?.spec.hosts, ["a.example.com"]);
  assert.deepEqual(rs.tlsContexts?.map((t) => t.meta.ref.name), ["legacy", "ok"]);
  assert.deepEqual(rs.diagnostics.map((d) => `${d.severity} ${d.ref?.name}: ${d.field}: ${d.message}`).sort(), [
    "error both: spec.cert_chain_file: set either secret or cert_chain_file/private_key_file, not both",
    "error cipher: spec.cipher_suites[0]: unknown cipher suite \"ECDHE-RSA-AES128-GCM-SHA255\"; did you mean ECDHE-RSA-AES128-GCM-SHA256? (TLS 1.3 suites cannot be configured)",
    "error curve: spec.ecdh_curves[0]: unknown curve \"P-999\" (known: X25519, P-256, P-384, P-521, X25519MLKEM768)",
    "error versions: spec.min_tls_version: v1.3 is above max_tls_version v1.2",
    "warning legacy: spec.redirect_cleartext_from: not supported (ignored): use a Host's requestPolicy.insecure.action: Redirect",
  ]);
});

test("attache translate's printed config redacts private keys (unless asked): withoutPrivateKeys", async () => {
  const { translateDocuments } = await import("../../../src/pipeline/translate.js");
  const { printConfig, withoutPrivateKeys } = await import("../../../src/envoy/print.js");
  const { docsOf } = await import("../resources/helpers.js");
  const text = [
    tlsSecretYaml("a-cert", "default", good),
    "apiVersion: getambassador.io/v3alpha1\nkind: Host\nmetadata:\n  name: a\nspec:\n  hostname: a.example.com\n  tlsSecret: {name: a-cert}\n",
  ].join("---\n");
  const config = translateDocuments(docsOf(text)).config;
  assert.equal(config.secrets.length, 1);
  const full = printConfig(config);
  const redacted = printConfig(withoutPrivateKeys(config));
  assert.ok(full.includes(JSON.stringify(good.key).slice(1, -1)), "the full config carries the key (for Envoy)");
  for (const l of keyLines(good.key)) assert.ok(!redacted.includes(l), "the redacted config carries key material");
  assert.match(redacted, /"privateKey": \{\s*"inlineString": "\[redacted\]"/);
  assert.ok(redacted.includes(JSON.stringify(good.cert.split("\n")[1])?.slice(1, -1) ?? "x"), "certificates are kept");
});
