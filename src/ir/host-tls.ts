// A Host's TLS, resolved: which certificate (tlsSecret, or its TLSContext's secret), which
// parameters (the TLSContext named by tlsContext, the inline `tls`, or a TLSContext listing the
// hostname in `hosts`), and which CA verifies client certificates. A Host whose TLS refers to
// something missing is not served at all (an error), so it never serves the wrong certificate.
import type { ResourceRef } from "../core/diagnostics.js";
import type { Host, Secret, TLSContext, TlsSettings } from "../resources/types.js";
import { certificateCovers } from "../resources/tls/pem.js";
import { secretRef, tlsParams, type Report, type SecretCollector, type TlsIndex } from "./tls-index.js";
import type { IRDownstreamTls } from "./types.js";

export type HostTlsResult = { readonly tls?: IRDownstreamTls; readonly rejected?: true };

/** Where settings came from, for messages that name the right resource and field. */
interface SettingsSource {
  readonly settings: TlsSettings;
  readonly namespace: string;
  readonly ref: ResourceRef;
  /** Field prefix on `ref`: `spec.tls` (inline) or `spec` (a TLSContext). */
  readonly at: string;
  readonly context?: TLSContext;
}

export function resolveHostTls(h: Host, hostname: string, index: TlsIndex, secrets: SecretCollector, report: Report): HostTlsResult {
  const ref = h.meta.ref;
  const fail = (field: string, message: string, on: ResourceRef = ref): HostTlsResult => {
    report({ severity: "error", stage: "ir", ref: on, field, message: on === ref ? `${message}; this Host is not served` : message });
    if (on !== ref) report({ severity: "error", stage: "ir", ref, field: "spec.tlsContext", message: `its TLSContext ${on.namespace}/${on.name} is broken (see its error); this Host is not served` });
    return { rejected: true };
  };
  const source = settingsSource(h, hostname, index);
  if (source === "missing") return fail("spec.tlsContext.name", `no TLSContext named "${h.spec.tlsContext?.name}"`);
  const certRef = certificateRef(h, source);
  if (!certRef) return { ...noCertificate(h, source, report) };
  const secret = index.secret(certRef.namespace, certRef.name);
  if (!secret) return fail(certRef.field, `Secret ${certRef.namespace}/${certRef.name} not found (or refused: see its own diagnostic)`, certRef.on);
  const certificate = secrets.certificate(secret, ref);
  if (!certificate) return fail(certRef.field, `Secret ${certRef.namespace}/${certRef.name} holds no tls.crt/tls.key pair`, certRef.on);
  warnUncoveredHostname(h, hostname, secret, report);
  const s = source?.settings ?? {};
  const validation = source ? clientValidation(source, index, secrets, ref) : {};
  if ("problem" in validation) return fail(validation.field, validation.problem, source?.ref);
  if (s.cacert_chain_file !== undefined && source) {
    report({ severity: "warning", stage: "ir", ref: source.ref, field: `${source.at}.cacert_chain_file`, message: "not supported yet (ignored): use ca_secret" });
  }
  return {
    tls: {
      certificate,
      ...(validation.name ? { validation: validation.name } : {}),
      requireClientCertificate: s.cert_required === true,
      alpn: s.alpn ?? [],
      params: tlsParams(s),
    },
  };
}

function settingsSource(h: Host, hostname: string, index: TlsIndex): SettingsSource | undefined | "missing" {
  const ns = h.meta.ref.namespace;
  if (h.tls) return { settings: h.tls, namespace: ns, ref: h.meta.ref, at: "spec.tls" };
  const named = h.spec.tlsContext?.name;
  const context = named !== undefined ? index.context(named, ns) : index.contextForHostname(hostname);
  if (named !== undefined && !context) return "missing";
  return context ? { settings: context.spec, namespace: context.meta.ref.namespace, ref: context.meta.ref, at: "spec", context } : undefined;
}

interface CertRef {
  readonly namespace: string;
  readonly name: string;
  /** The resource and field that name the Secret. */
  readonly on: ResourceRef;
  readonly field: string;
}

function certificateRef(h: Host, source: SettingsSource | undefined): CertRef | undefined {
  const t = h.spec.tlsSecret;
  if (t) return { namespace: t.namespace ?? h.meta.ref.namespace, name: t.name, on: h.meta.ref, field: "spec.tlsSecret.name" };
  const secret = source?.context?.spec.secret;
  if (source && secret !== undefined) {
    return { ...secretRef(secret, source.namespace, source.settings.secret_namespacing), on: source.ref, field: "spec.secret" };
  }
  return undefined;
}

// Not served as TLS, said out loud: today's cleartext behaviour, with the field that was not acted on.
function noCertificate(h: Host, source: SettingsSource | undefined, report: Report): HostTlsResult {
  const ref = h.meta.ref;
  if (source?.settings.cert_chain_file !== undefined) {
    report({ severity: "warning", stage: "ir", ref: source.ref, field: `${source.at}.cert_chain_file`,
      message: "certificates from files are not supported yet (use secret or the Host's tlsSecret): the Host is served as cleartext only" });
  } else if (h.spec.acmeProvider) {
    report({ severity: "warning", stage: "ir", ref, field: "spec.acmeProvider",
      message: "ACME is not supported yet and there is no tlsSecret: this Host is served as cleartext only" });
  } else if (source && source.context === undefined) {
    report({ severity: "warning", stage: "ir", ref, field: "spec.tls", message: "inline tls without tlsSecret has no certificate: this Host is served as cleartext only" });
  } else if (source?.context) {
    report({ severity: "warning", stage: "ir", ref: source.ref, field: "spec.secret", message: "no secret: Hosts using this TLSContext are served as cleartext only" });
  }
  return {};
}

function clientValidation(source: SettingsSource, index: TlsIndex, secrets: SecretCollector, user: ResourceRef): { name?: string } | { problem: string; field: string } {
  const s = source.settings;
  const at = source.at;
  if (s.ca_secret === undefined) {
    if (s.cert_required) return { problem: "cert_required needs ca_secret (the CA that signs client certificates)", field: `${at}.cert_required` };
    if (s.crl_secret !== undefined) return { problem: "crl_secret needs ca_secret", field: `${at}.crl_secret` };
    return {};
  }
  const caRef = secretRef(s.ca_secret, source.namespace, s.secret_namespacing);
  const ca = index.secret(caRef.namespace, caRef.name);
  if (!ca?.ca) return { problem: `Secret ${caRef.namespace}/${caRef.name} ${ca ? "holds no ca.crt" : "not found (or refused: see its own diagnostic)"}`, field: `${at}.ca_secret` };
  let crl: Secret | undefined;
  if (s.crl_secret !== undefined) {
    const crlRef = secretRef(s.crl_secret, source.namespace, s.secret_namespacing);
    crl = index.secret(crlRef.namespace, crlRef.name);
    if (!crl?.crl) return { problem: `Secret ${crlRef.namespace}/${crlRef.name} ${crl ? "holds no crl.pem" : "not found (or refused: see its own diagnostic)"}`, field: `${at}.crl_secret` };
  }
  return { name: secrets.validation(ca, crl, user) };
}

function warnUncoveredHostname(h: Host, hostname: string, secret: Secret, report: Report): void {
  const info = secret.tls?.info;
  if (!info || hostname === "*" || certificateCovers(info.dnsNames, hostname)) return;
  report({ severity: "warning", stage: "ir", ref: h.meta.ref, field: "spec.hostname",
    message: `the certificate in Secret ${secret.meta.ref.namespace}/${secret.meta.ref.name} (${info.subject}) does not cover "${hostname}" (it names ${info.dnsNames.join(", ") || "nothing"}): clients will refuse it` });
}
