// core/v1 Secrets that carry TLS material: `kubernetes.io/tls` (tls.crt + tls.key) and `Opaque`
// ones holding any of tls.crt, tls.key, ca.crt, crl.pem. Every certificate is parsed and
// checked here, before Envoy could see it. Other Secrets (tokens, registry credentials, ...)
// are none of attache's business and are left out without a word. No message quotes a value.
import type { Named } from "../candidate.js";
import { error, hasErrors, warning, type Issue } from "../issue.js";
import { certificateInfo, checkCrl, parseChain, parsePrivateKey, validityProblem } from "../tls/pem.js";
import type { Secret, SecretCertificate } from "../types.js";
import { isPlainObject, type PlainObject } from "../values.js";
import { metaOf, type CheckResult } from "./check-result.js";

const TLS_KEYS = ["tls.crt", "tls.key", "ca.crt", "crl.pem"] as const;
type TlsKey = (typeof TLS_KEYS)[number];

/** Maximum decoded size of one value: a long chain fits easily, a stray archive does not. */
const MAX_VALUE_BYTES = 1024 * 1024;

export function checkSecret(n: Named, spec: PlainObject, now: Date = new Date()): CheckResult<Secret> {
  const type = typeof spec.type === "string" ? spec.type : "Opaque";
  if (type !== "kubernetes.io/tls" && type !== "Opaque") return { issues: [] };
  const issues: Issue[] = [];
  const present = new Set<string>();
  const values = readValues(spec, issues, present);
  if (type === "Opaque" && TLS_KEYS.every((k) => values[k] === undefined) && !hasErrors(issues)) return { issues: [] };
  if (type === "kubernetes.io/tls") {
    for (const k of ["tls.crt", "tls.key"] as const) if (!present.has(k)) issues.push(error(["data", k], "is required in a kubernetes.io/tls Secret"));
  }
  const tls = certificatePair(values, issues, now);
  // Emissary's CA Secrets often hold the CA as a lone tls.crt: read that as the CA bundle too.
  const caKey = values["ca.crt"] !== undefined ? "ca.crt" : values["tls.key"] === undefined ? "tls.crt" : undefined;
  const caText = caKey ? values[caKey] : undefined;
  const ca = caKey && caText !== undefined ? caBundle(caText, ["data", caKey], issues, now) : undefined;
  const crl = values["crl.pem"];
  const crlProblem = crl !== undefined ? checkCrl(crl) : undefined;
  if (crlProblem) issues.push(error(["data", "crl.pem"], crlProblem));
  if (hasErrors(issues)) return { issues };
  const resource: Secret = {
    kind: "Secret",
    meta: metaOf(n),
    type,
    ...(tls ? { tls } : {}),
    ...(ca ? { ca } : {}),
    ...(crl !== undefined ? { crl } : {}),
  };
  return { resource, issues };
}

/** `data` (base64) and `stringData` (plain text, which wins, as the API server merges them). */
function readValues(spec: PlainObject, issues: Issue[], present: Set<string>): Partial<Record<TlsKey, string>> {
  const out: Partial<Record<TlsKey, string>> = {};
  for (const field of ["data", "stringData"] as const) {
    const map = spec[field];
    if (map === undefined) continue;
    if (!isPlainObject(map)) {
      issues.push(error([field], "must be a map of key to value"));
      continue;
    }
    for (const k of TLS_KEYS) {
      const v = map[k];
      if (v === undefined || v === null) continue;
      present.add(k);
      const text = typeof v === "string" ? decode(v, field === "data") : undefined;
      if (text === undefined) issues.push(error([field, k], field === "data" ? "must be base64-encoded text" : "must be a string"));
      else if (Buffer.byteLength(text) > MAX_VALUE_BYTES) issues.push(error([field, k], `is larger than ${MAX_VALUE_BYTES} bytes`));
      else out[k] = text;
    }
  }
  return out;
}

function decode(v: string, base64: boolean): string | undefined {
  if (!base64) return v;
  const compact = v.replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 !== 0) return undefined;
  return Buffer.from(compact, "base64").toString("utf8");
}

function certificatePair(values: Partial<Record<TlsKey, string>>, issues: Issue[], now: Date): SecretCertificate | undefined {
  const crt = values["tls.crt"];
  const key = values["tls.key"];
  if (crt === undefined || key === undefined) {
    if (key !== undefined) issues.push(error(["data", "tls.crt"], "is required with tls.key"));
    return undefined;
  }
  const chain = parseChain(crt);
  if ("problem" in chain) return void issues.push(error(["data", "tls.crt"], chain.problem));
  const privateKey = parsePrivateKey(key);
  if ("problem" in privateKey) return void issues.push(error(["data", "tls.key"], privateKey.problem));
  const leaf = chain.ok[0];
  if (!leaf) return undefined;
  if (!leaf.checkPrivateKey(privateKey.ok)) {
    return void issues.push(error(["data", "tls.key"], "does not match the certificate in tls.crt (a key of another certificate?)"));
  }
  const info = certificateInfo(leaf);
  const validity = validityProblem(info, now);
  if (validity) issues.push(warning(["data", "tls.crt"], validity));
  return { certChain: crt, privateKey: key, info };
}

function caBundle(text: string, path: string[], issues: Issue[], now: Date): { pem: string; subjects: readonly string[] } | undefined {
  const chain = parseChain(text);
  if ("problem" in chain) return void issues.push(error(path, chain.problem));
  const infos = chain.ok.map(certificateInfo);
  for (const info of infos) {
    const validity = validityProblem(info, now);
    if (validity) issues.push(warning(path, `CA ${validity}`));
  }
  return { pem: text, subjects: infos.map((i) => i.subject) };
}
