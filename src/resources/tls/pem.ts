// PEM certificates, keys and CRLs read with Node's crypto (OpenSSL): no ASN.1 by hand. Every
// problem is described in attache's own words; OpenSSL's messages are never passed on, and no
// message ever quotes the material itself.
import { createPrivateKey, X509Certificate, type KeyObject } from "node:crypto";

export interface CertificateInfo {
  readonly subject: string;
  /** DNS subjectAltNames, lower-cased (the CN when there are none, as old clients did). */
  readonly dnsNames: readonly string[];
  /** ISO 8601. */
  readonly validFrom: string;
  readonly validTo: string;
}

export type Parsed<T> = { readonly ok: T } | { readonly problem: string };

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)-----END \1-----/g;

/** The PEM blocks of `text` with their labels; a problem when anything else is in the text. */
export function pemBlocks(text: string): Parsed<{ label: string; block: string }[]> {
  const blocks: { label: string; block: string }[] = [];
  let rest = text;
  for (const m of text.matchAll(BLOCK)) {
    blocks.push({ label: m[1] ?? "", block: m[0] });
    rest = rest.replace(m[0], "");
  }
  if (blocks.length === 0) {
    return { problem: text.includes("-----BEGIN ") ? "holds a -----BEGIN line without its -----END line (truncated?)" : "is not PEM (no -----BEGIN ...----- block)" };
  }
  if (rest.trim() !== "") return { problem: "holds text outside its PEM blocks (a truncated or damaged block?)" };
  return { ok: blocks };
}

/** A certificate chain: one or more CERTIFICATE blocks, the leaf first. */
export function parseChain(text: string): Parsed<X509Certificate[]> {
  const blocks = pemBlocks(text);
  if ("problem" in blocks) return blocks;
  const certs: X509Certificate[] = [];
  for (const [i, b] of blocks.ok.entries()) {
    if (b.label !== "CERTIFICATE") return { problem: `PEM block ${i + 1} is a ${b.label}, not a CERTIFICATE` };
    try {
      certs.push(new X509Certificate(b.block));
    } catch {
      return { problem: `PEM block ${i + 1} is not a valid X.509 certificate` };
    }
  }
  return { ok: certs };
}

export function parsePrivateKey(text: string): Parsed<KeyObject> {
  const blocks = pemBlocks(text);
  if ("problem" in blocks) return blocks;
  const [only, ...others] = blocks.ok;
  if (!only || others.length > 0) return { problem: `must hold exactly one private key (found ${blocks.ok.length} PEM blocks)` };
  const label = only.label;
  if (label === "ENCRYPTED PRIVATE KEY") return { problem: "is an encrypted private key; Envoy needs it unencrypted" };
  if (!/^((RSA|EC) )?PRIVATE KEY$/.test(label)) return { problem: `is a ${label}, not a PRIVATE KEY` };
  try {
    return { ok: createPrivateKey({ key: text, format: "pem" }) };
  } catch {
    return { problem: "is not a valid private key (malformed PEM contents)" };
  }
}

/** A CRL's shape: one or more X509 CRL blocks (their contents are judged by Envoy). */
export function checkCrl(text: string): string | undefined {
  const blocks = pemBlocks(text);
  if ("problem" in blocks) return blocks.problem;
  const other = blocks.ok.find((b) => b.label !== "X509 CRL");
  return other ? `holds a ${other.label} block; expected only X509 CRL blocks` : undefined;
}

export function certificateInfo(cert: X509Certificate): CertificateInfo {
  const sans = (cert.subjectAltName ?? "")
    .split(/,\s*/)
    .filter((s) => s.startsWith("DNS:"))
    .map((s) => s.slice(4).toLowerCase());
  const cn = /(?:^|\n)CN=([^\n]+)/.exec(cert.subject)?.[1];
  return {
    subject: cert.subject.replace(/\n/g, ", "),
    dnsNames: sans.length > 0 ? sans : cn ? [cn.toLowerCase()] : [],
    validFrom: new Date(cert.validFrom).toISOString(),
    validTo: new Date(cert.validTo).toISOString(),
  };
}

/** Validity problems at `now`: expired, or not valid yet. */
export function validityProblem(info: CertificateInfo, now: Date): string | undefined {
  if (now.getTime() > Date.parse(info.validTo)) return `certificate (${info.subject}) expired on ${info.validTo}`;
  if (now.getTime() < Date.parse(info.validFrom)) return `certificate (${info.subject}) is not valid before ${info.validFrom}`;
  return undefined;
}

/** Whether a certificate name (possibly `*.example.com`) covers `hostname` (possibly a glob). */
export function certificateCovers(dnsNames: readonly string[], hostname: string): boolean {
  const h = hostname.toLowerCase();
  return dnsNames.some((n) => {
    if (n === h) return true;
    if (!n.startsWith("*.")) return false;
    const suffix = n.slice(1);
    // `*.example.com` covers `a.example.com` (one label) and a Host glob `*.example.com`.
    return h.endsWith(suffix) && !h.slice(0, -suffix.length).includes(".") && h.length > suffix.length;
  });
}
