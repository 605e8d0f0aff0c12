// Hosts as the IR sees them: the default Host when none exists, and the Host <-> Mapping and
// Listener <-> Host association rules.
import type { Diagnostic, ResourceRef } from "../core/diagnostics.js";
import type { Host, InsecureAction, LabelSelector, Listener, Mapping } from "../resources/types.js";
import { globsIntersect, stripPort } from "./hostname.js";
import { resolveHostTls } from "./host-tls.js";
import { isEmptySelector, selectorMatches } from "./selector.js";
import type { SecretCollector, TlsIndex } from "./tls-index.js";
import type { IRDownstreamTls } from "./types.js";

export interface HostInfo {
  readonly ref?: ResourceRef;
  readonly name: string;
  readonly namespace?: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly hostname: string;
  readonly selector?: LabelSelector;
  readonly insecureAction: InsecureAction;
  /** The certificate and TLS parameters, when the Host has a usable certificate. */
  readonly tls?: IRDownstreamTls;
  /** requestPolicy.insecure.additionalPort (-1: no cleartext port). */
  readonly additionalPort?: number;
}

const DEFAULT_HOST: HostInfo = { name: "default", labels: {}, hostname: "*", insecureAction: "Route" };

export function hostInfos(hosts: readonly Host[], index: TlsIndex, secrets: SecretCollector, report: (d: Diagnostic) => void): HostInfo[] {
  if (hosts.length === 0) return [DEFAULT_HOST];
  const out: HostInfo[] = [];
  for (const h of hosts) {
    const hostname = stripPort(h.spec.hostname ?? "*").toLowerCase();
    if (!validEnvoyDomain(hostname)) {
      report({ severity: "error", stage: "ir", ref: h.meta.ref, field: "spec.hostname",
        message: `"${hostname}" is not supported: a wildcard may only stand alone or at the start or end of the hostname` });
      continue;
    }
    const resolved = resolveHostTls(h, hostname, index, secrets, report);
    if (resolved.rejected) continue;
    const additionalPort = h.spec.requestPolicy?.insecure?.additionalPort;
    out.push({
      ref: h.meta.ref,
      name: `${h.meta.ref.namespace}/${h.meta.ref.name}`,
      namespace: h.meta.ref.namespace,
      labels: h.meta.labels,
      hostname,
      selector: h.spec.mappingSelector ?? h.spec.selector,
      insecureAction: h.spec.requestPolicy?.insecure?.action ?? defaultInsecureAction(h),
      ...(resolved.tls ? { tls: resolved.tls } : {}),
      ...(additionalPort !== undefined ? { additionalPort } : {}),
    });
  }
  return out;
}

// A Host with no certificate has no secure side to redirect to, so it routes cleartext.
function defaultInsecureAction(h: Host): InsecureAction {
  return h.spec.tlsSecret || h.spec.tlsContext || h.spec.tls || h.spec.acmeProvider ? "Redirect" : "Route";
}

function validEnvoyDomain(d: string): boolean {
  const stars = d.split("*").length - 1;
  return stars === 0 || d === "*" || (stars === 1 && (d.startsWith("*") || d.endsWith("*")));
}

/** Ambassador's rule: selector and hostname must both match where both are set. */
export function mappingJoinsHost(m: Mapping, h: HostInfo): boolean {
  const s = m.spec;
  if (s.host_regex && s.hostname === undefined) return true;
  // No hostname means `*`: the Mapping is for every Host its labels allow.
  const hostname = s.hostname ?? s.host ?? "*";
  if (h.selector && !isEmptySelector(h.selector) && !selectorMatches(h.selector, m.meta.labels)) return false;
  return globsIntersect(h.hostname, hostname);
}

export function hostBindsToListener(h: HostInfo, l: Listener | undefined): boolean {
  if (!l || !h.ref) return true;
  const binding = l.spec.hostBinding;
  if (binding?.namespace?.from === "SELF" && h.namespace !== l.meta.ref.namespace) return false;
  if (binding?.selector && !selectorMatches(binding.selector, h.labels)) return false;
  return true;
}
