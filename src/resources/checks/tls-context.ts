// TLSContext checks: its TLS parameters, and a certificate source that is one of `secret` or the
// file pair. What the names refer to (Secrets, Hosts) is resolved in the IR.
import type { Named } from "../candidate.js";
import { error, hasErrors, type Issue } from "../issue.js";
import type { TLSContext, TLSContextSettings, TLSContextSpec, TlsSettingsSpec } from "../types.js";
import { metaOf, type CheckResult } from "./check-result.js";
import { checkTlsSettings } from "./tls-settings.js";

export function checkTLSContext(n: Named, spec: TLSContextSpec): CheckResult<TLSContext> {
  const issues: Issue[] = [];
  const { hosts, secret, ambassador_id: _id, ...rest } = spec;
  const settings = checkTlsSettings(rest, ["spec"], issues);
  checkCertificateSource(spec, ["spec"], issues);
  if (hasErrors(issues)) return { issues };
  const out: TLSContextSettings = {
    ...settings,
    ...(hosts !== undefined ? { hosts: hosts.map((h) => h.toLowerCase()) } : {}),
    ...(secret !== undefined ? { secret } : {}),
  };
  return { resource: { kind: "TLSContext", meta: metaOf(n), spec: out }, issues };
}

/** `secret` or `cert_chain_file` + `private_key_file`, not a mix. */
export function checkCertificateSource(spec: TlsSettingsSpec & { readonly secret?: string }, at: string[], issues: Issue[]): void {
  const file = spec.cert_chain_file !== undefined || spec.private_key_file !== undefined;
  if (spec.secret !== undefined && file) issues.push(error([...at, "cert_chain_file"], "set either secret or cert_chain_file/private_key_file, not both"));
  if (spec.cert_chain_file !== undefined && spec.private_key_file === undefined) issues.push(error([...at, "private_key_file"], "is required with cert_chain_file"));
  if (spec.private_key_file !== undefined && spec.cert_chain_file === undefined) issues.push(error([...at, "cert_chain_file"], "is required with private_key_file"));
  if (spec.ca_secret !== undefined && spec.cacert_chain_file !== undefined) issues.push(error([...at, "cacert_chain_file"], "set either ca_secret or cacert_chain_file, not both"));
}
