// TLS towards backends: `https://` services and Mappings whose `tls` names a TLSContext (its
// `secret` is the client certificate for upstream mTLS, its `ca_secret` verifies the backend,
// its `sni` overrides the service host). `https://` with no CA is not verified, as in Ambassador:
// kept for compatibility, and said once per Mapping.
import { isIP } from "node:net";
import type { Mapping, TLSContext } from "../resources/types.js";
import { secretRef, tlsParams, type Report, type SecretCollector, type TlsIndex } from "./tls-index.js";
import type { ClusterSpec, IRUpstreamTls } from "./types.js";

export type UpstreamResult = { readonly spec: ClusterSpec } | { readonly rejected: true };

export function withUpstreamTls(m: Mapping, spec: ClusterSpec, index: TlsIndex, secrets: SecretCollector, report: Report): UpstreamResult {
  const ref = m.meta.ref;
  const named = m.spec.tls;
  if (named === undefined && !spec.tls) return { spec };
  const context = named !== undefined ? index.context(named, ref.namespace) : undefined;
  if (named !== undefined && !context) {
    report({ severity: "error", stage: "ir", ref, field: "spec.tls", message: `no TLSContext named "${named}"; this Mapping is not served` });
    return { rejected: true };
  }
  const sni = defaultSni(m, spec);
  const upstream: IRUpstreamTls | undefined = context ? fromContext(m, context, sni, index, secrets, report) : { ...(sni ? { sni } : {}), alpn: [], params: {} };
  if (upstream === undefined) return { rejected: true };
  if (!upstream.validation) {
    report({ severity: "warning", stage: "ir", ref, field: named !== undefined ? "spec.tls" : "spec.service",
      message: "TLS to this backend is not verified (no TLSContext with ca_secret), as in Ambassador: anyone on the path can impersonate it" });
  }
  return { spec: { ...spec, tls: true, upstreamTls: upstream } };
}

// The name the backend is known by: the cluster's DNS name, or (for a Service reached by its
// ClusterIP) the service as the Mapping wrote it; never an IP literal.
function defaultSni(m: Mapping, spec: ClusterSpec): string | undefined {
  if (!isIP(spec.host)) return spec.host;
  const host = m.service.host.replace(/^\[|\]$/g, "");
  if (isIP(host)) return undefined;
  return m.service.namespace ? `${host}.${m.service.namespace}` : host;
}

function fromContext(m: Mapping, c: TLSContext, serviceHost: string | undefined, index: TlsIndex, secrets: SecretCollector, report: Report): IRUpstreamTls | undefined {
  const s = c.spec;
  const ns = c.meta.ref.namespace;
  const broken = (field: string, message: string): undefined => {
    report({ severity: "error", stage: "ir", ref: m.meta.ref, field: "spec.tls", message: `TLSContext ${ns}/${c.meta.ref.name}: ${field}: ${message}; this Mapping is not served` });
    return undefined;
  };
  let certificate: string | undefined;
  if (s.secret !== undefined) {
    const r = secretRef(s.secret, ns, s.secret_namespacing);
    const secret = index.secret(r.namespace, r.name);
    certificate = secret ? secrets.certificate(secret, m.meta.ref) : undefined;
    if (!certificate) return broken("spec.secret", `Secret ${r.namespace}/${r.name} ${secret ? "holds no tls.crt/tls.key pair" : "not found"}`);
  }
  let validation: string | undefined;
  if (s.ca_secret !== undefined) {
    const r = secretRef(s.ca_secret, ns, s.secret_namespacing);
    const ca = index.secret(r.namespace, r.name);
    validation = ca ? secrets.validation(ca, undefined, m.meta.ref) : undefined;
    if (!validation) return broken("spec.ca_secret", `Secret ${r.namespace}/${r.name} ${ca ? "holds no ca.crt" : "not found"}`);
  }
  const sni = s.sni ?? serviceHost;
  return {
    context: `${ns}/${c.meta.ref.name}`,
    ...(sni ? { sni } : {}),
    ...(certificate ? { certificate } : {}),
    ...(validation ? { validation } : {}),
    alpn: s.alpn ?? [],
    params: tlsParams(s),
  };
}

/** Every TLSContext's Secret references, checked whether or not anything uses the context yet. */
export function checkContextReferences(contexts: readonly TLSContext[], index: TlsIndex, report: Report): void {
  for (const c of contexts) {
    const s = c.spec;
    const ns = c.meta.ref.namespace;
    const fields: [string, string | undefined, "tls" | "ca" | "crl"][] = [["spec.secret", s.secret, "tls"], ["spec.ca_secret", s.ca_secret, "ca"], ["spec.crl_secret", s.crl_secret, "crl"]];
    for (const [field, value, need] of fields) {
      if (value === undefined) continue;
      const r = secretRef(value, ns, s.secret_namespacing);
      const secret = index.secret(r.namespace, r.name);
      const what = { tls: "a tls.crt/tls.key pair", ca: "a ca.crt", crl: "a crl.pem" }[need];
      if (!secret) report({ severity: "error", stage: "ir", ref: c.meta.ref, field, message: `Secret ${r.namespace}/${r.name} not found (or refused: see its own diagnostic)` });
      else if (!secret[need]) report({ severity: "error", stage: "ir", ref: c.meta.ref, field, message: `Secret ${r.namespace}/${r.name} holds no ${what}` });
    }
  }
}
