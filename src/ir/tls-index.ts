// Lookups the TLS model needs: Secrets and TLSContexts by name, TLSContexts by the hostnames
// they list, and the SDS secrets a build actually uses (only those go to Envoy: a cluster's
// other Secrets are none of its business).
import type { Diagnostic, ResourceRef } from "../core/diagnostics.js";
import type { Secret, TLSContext, TlsSettings, TlsVersion } from "../resources/types.js";
import { compareStrings } from "../util/compare.js";
import type { IRSecret, IRTlsParams, IRTlsVersion } from "./types.js";

export type Report = (d: Diagnostic) => void;

export class TlsIndex {
  private readonly secrets = new Map<string, Secret>();
  private readonly contexts = new Map<string, TLSContext[]>();
  private readonly byHostname = new Map<string, TLSContext>();

  constructor(secrets: readonly Secret[], contexts: readonly TLSContext[]) {
    for (const s of secrets) this.secrets.set(`${s.meta.ref.namespace}/${s.meta.ref.name}`, s);
    // Contexts arrive sorted by namespace/name, so "the first" is stable.
    for (const c of contexts) {
      this.contexts.set(c.meta.ref.name, [...(this.contexts.get(c.meta.ref.name) ?? []), c]);
      for (const h of c.spec.hosts ?? []) if (!this.byHostname.has(h)) this.byHostname.set(h, c);
    }
  }

  secret(namespace: string, name: string): Secret | undefined {
    return this.secrets.get(`${namespace}/${name}`);
  }

  /** By name: the one in `namespace`, else the first by namespace (Ambassador's names are global). */
  context(name: string, namespace: string): TLSContext | undefined {
    const all = this.contexts.get(name) ?? [];
    return all.find((c) => c.meta.ref.namespace === namespace) ?? all[0];
  }

  /** The TLSContext whose `hosts` lists this hostname (how Ambassador ties contexts to Hosts). */
  contextForHostname(hostname: string): TLSContext | undefined {
    return this.byHostname.get(hostname);
  }
}

/** A reference from a TLSContext's `secret`-like field: `name.namespace` under secret_namespacing (the default). */
export function secretRef(value: string, namespace: string, namespacing: boolean | undefined): { namespace: string; name: string } {
  const dot = value.indexOf(".");
  if (namespacing === false || dot < 0) return { namespace, name: value };
  return { name: value.slice(0, dot), namespace: value.slice(dot + 1) };
}

/** The SDS secrets one build uses, each once, with every resource that uses it. */
export class SecretCollector {
  private readonly used = new Map<string, { secret: IRSecret; sources: Map<string, ResourceRef> }>();

  certificate(s: Secret, user: ResourceRef): string | undefined {
    if (!s.tls) return undefined;
    const name = `secret/${s.meta.ref.namespace}/${s.meta.ref.name}`;
    return this.add({ name, certificate: { certChain: s.tls.certChain, privateKey: s.tls.privateKey }, sources: [s.meta.ref] }, user);
  }

  validation(ca: Secret, crl: Secret | undefined, user: ResourceRef): string | undefined {
    if (!ca.ca) return undefined;
    const crlPart = crl ? `+crl/${crl.meta.ref.namespace}/${crl.meta.ref.name}` : "";
    const name = `ca/${ca.meta.ref.namespace}/${ca.meta.ref.name}${crlPart}`;
    const sources = crl && crl !== ca ? [ca.meta.ref, crl.meta.ref] : [ca.meta.ref];
    return this.add({ name, validation: { trustedCa: ca.ca.pem, ...(crl?.crl ? { crl: crl.crl } : {}) }, sources }, user);
  }

  list(): IRSecret[] {
    return [...this.used.values()]
      .map((e) => ({ ...e.secret, sources: [...e.secret.sources, ...[...e.sources.entries()].sort(([a], [b]) => compareStrings(a, b)).map(([, r]) => r)] }))
      .sort((a, b) => compareStrings(a.name, b.name));
  }

  private add(secret: IRSecret, user: ResourceRef): string {
    let e = this.used.get(secret.name);
    if (!e) this.used.set(secret.name, (e = { secret, sources: new Map() }));
    e.sources.set(`${user.kind}/${user.namespace}/${user.name}`, user);
    return secret.name;
  }
}

const VERSIONS: Readonly<Record<TlsVersion, IRTlsVersion>> = { "v1.0": "TLSv1_0", "v1.1": "TLSv1_1", "v1.2": "TLSv1_2", "v1.3": "TLSv1_3" };

export function tlsParams(s: TlsSettings): IRTlsParams {
  return {
    ...(s.min_tls_version ? { minVersion: VERSIONS[s.min_tls_version] } : {}),
    ...(s.max_tls_version ? { maxVersion: VERSIONS[s.max_tls_version] } : {}),
    ...(s.cipher_suites?.length ? { cipherSuites: s.cipher_suites } : {}),
    ...(s.ecdh_curves?.length ? { ecdhCurves: s.ecdh_curves } : {}),
  };
}
