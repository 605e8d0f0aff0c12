// The TLS model through the pure pipeline: which certificate serves as the fallback, which SDS
// secrets exist and what they are named, and that a rotated certificate changes the Secret
// resource alone (listeners, routes and clusters byte-identical).
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { translateDocuments } from "../../../src/pipeline/translate.js";
import { docsOf } from "../resources/helpers.js";
import { TestCa, tlsSecretYaml, type Leaf } from "../../support/pki.js";

const ca = new TestCa("model-ca");
after(() => ca.cleanup());
const leaf = (cn: string): Leaf => ca.issue({ cn, dns: [cn] });
const certs = { a: leaf("a.test"), b: leaf("b.test"), star: leaf("star.test"), a2: leaf("a.test") };

const amb = (kind: string, name: string, spec: string, ns = "default") =>
  `apiVersion: getambassador.io/v3alpha1\nkind: ${kind}\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n${spec}`;
const listener = amb("Listener", "https", "  port: 8443\n  protocol: HTTPS\n  securityModel: SECURE\n");
const hostWith = (name: string, hostname: string, secret: string, ns = "default") => amb("Host", name, `  hostname: "${hostname}"\n  tlsSecret: {name: ${secret}}\n`, ns);

function translate(...docs: string[]) {
  return translateDocuments(docsOf(docs.join("---\n")));
}

function tlsOf(config: ReturnType<typeof translate>["config"]) {
  const l = config.listeners[0]?.json;
  return {
    chains: (l?.filterChains ?? []).map((c) => c.name),
    fallback: l?.defaultFilterChain?.name,
  };
}

test("the fallback is the first TLS Host by namespace/name, unless a Host for * has a certificate", () => {
  const two = translate(listener, hostWith("zeta", "a.test", "a-cert"), hostWith("alpha", "b.test", "b-cert"),
    tlsSecretYaml("a-cert", "default", certs.a), tlsSecretYaml("b-cert", "default", certs.b));
  assert.deepEqual(tlsOf(two.config), { chains: ["cleartext", "default/alpha", "default/zeta"], fallback: "fallback:default/alpha" });
  const withStar = translate(listener, hostWith("zeta", "a.test", "a-cert"), hostWith("alpha", "b.test", "b-cert"), hostWith("wild", "*", "star-cert"),
    tlsSecretYaml("a-cert", "default", certs.a), tlsSecretYaml("b-cert", "default", certs.b), tlsSecretYaml("star-cert", "default", certs.star));
  assert.deepEqual(tlsOf(withStar.config), { chains: ["cleartext", "default/alpha", "default/zeta"], fallback: "fallback:default/wild" });
});

test("only Secrets something uses become SDS secrets, named by namespace/name; listeners name them in secretRefs", () => {
  const r = translate(listener, hostWith("a", "a.test", "a-cert"), tlsSecretYaml("a-cert", "default", certs.a), tlsSecretYaml("unused", "default", certs.b),
    amb("TLSContext", "ns-ctx", "  hosts: [b.test]\n  secret: b-cert.certs\n"), amb("Host", "b", "  hostname: b.test\n"),
    tlsSecretYaml("b-cert", "certs", certs.b));
  assert.deepEqual(r.config.secrets.map((s) => s.name), ["secret/certs/b-cert", "secret/default/a-cert"]);
  assert.deepEqual(r.config.listeners[0]?.secretRefs, ["secret/certs/b-cert", "secret/default/a-cert"]);
  assert.deepEqual(r.diagnostics.filter((d) => d.severity === "error"), []);
});

test("a rotated certificate changes its SDS secret only: listeners, routes and clusters are byte-identical", () => {
  const base = [listener, hostWith("a", "a.test", "a-cert"), amb("Mapping", "m", "  hostname: \"*\"\n  prefix: /\n  service: web\n")];
  const before = translate(...base, tlsSecretYaml("a-cert", "default", certs.a)).config;
  const afterRotation = translate(...base, tlsSecretYaml("a-cert", "default", certs.a2)).config;
  for (const key of ["listeners", "routes", "clusters", "endpoints"] as const) {
    assert.equal(JSON.stringify(afterRotation[key]), JSON.stringify(before[key]), `${key} changed on rotation`);
  }
  assert.notEqual(JSON.stringify(afterRotation.secrets), JSON.stringify(before.secrets));
  assert.deepEqual(afterRotation.secrets.map((s) => s.name), before.secrets.map((s) => s.name));
});

test("a Host whose Secret is missing is not served; the others keep their chains", () => {
  const r = translate(listener, hostWith("a", "a.test", "a-cert"), hostWith("b", "b.test", "missing"), tlsSecretYaml("a-cert", "default", certs.a));
  assert.deepEqual(tlsOf(r.config).chains, ["cleartext", "default/a"]);
  const errors = r.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.ref?.name}: ${d.field}: ${d.message}`);
  assert.deepEqual(errors, ["b: spec.tlsSecret.name: Secret default/missing not found (or refused: see its own diagnostic); this Host is not served"]);
});
