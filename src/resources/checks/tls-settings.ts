// Checks of the TLS parameters a TLSContext and a Host's inline `tls` share: versions in order,
// known cipher suites and curves, ALPN parsed, and the fields attache knowingly does not act on.
import { error, warning, type FieldPath, type Issue } from "../issue.js";
import { closest } from "../suggest.js";
import { CIPHER_SUITES, ECDH_CURVES, unknownCipher } from "../tls/names.js";
import type { TlsSettings, TlsSettingsSpec, TlsVersion } from "../types.js";

const VERSIONS: readonly TlsVersion[] = ["v1.0", "v1.1", "v1.2", "v1.3"];

/** The checked settings, with `alpn_protocols` split into `alpn`. */
export function checkTlsSettings(raw: TlsSettingsSpec, at: FieldPath, issues: Issue[]): TlsSettings {
  const { alpn_protocols, redirect_cleartext_from, ...s } = raw;
  const min = s.min_tls_version;
  const max = s.max_tls_version;
  if (min && max && VERSIONS.indexOf(min) > VERSIONS.indexOf(max)) {
    issues.push(error([...at, "min_tls_version"], `${min} is above max_tls_version ${max}`));
  }
  for (const [i, c] of (s.cipher_suites ?? []).entries()) {
    const bad = unknownCipher(c);
    if (bad === undefined) continue;
    const near = closest(bad, [...CIPHER_SUITES]);
    issues.push(error([...at, "cipher_suites", i], `unknown cipher suite "${bad}"${near ? `; did you mean ${near}?` : ""} (TLS 1.3 suites cannot be configured)`));
  }
  for (const [i, c] of (s.ecdh_curves ?? []).entries()) {
    if (!ECDH_CURVES.has(c)) issues.push(error([...at, "ecdh_curves", i], `unknown curve "${c}" (known: ${[...ECDH_CURVES].join(", ")})`));
  }
  if (redirect_cleartext_from !== undefined) {
    issues.push(warning([...at, "redirect_cleartext_from"], "not supported (ignored): use a Host's requestPolicy.insecure.action: Redirect"));
  }
  const alpn = alpn_protocols?.split(",").map((p) => p.trim()).filter((p) => p !== "");
  return { ...s, ...(alpn && alpn.length > 0 ? { alpn } : {}) };
}
