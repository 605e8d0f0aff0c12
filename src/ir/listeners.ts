// Which ports attache listens on: the Listener resources that carry HTTP, or, when there are
// none, Ambassador's defaults: cleartext HTTP on 8080 and, when some Host has a certificate,
// HTTPS on 8443 (both securityModel XFP). A Host's requestPolicy.insecure.additionalPort moves
// (or, with -1, removes) its cleartext port in that default setup.
import type { Diagnostic } from "../core/diagnostics.js";
import type { Listener, SecurityModel } from "../resources/types.js";
import type { HostInfo } from "./hosts.js";

export interface ListenerInfo {
  readonly resource?: Listener;
  readonly port: number;
  readonly securityModel: SecurityModel;
  readonly useProxyProtocol: boolean;
  /** The stack has TLS: Hosts with certificates get SNI filter chains. */
  readonly tls: boolean;
  readonly statsPrefix: string;
  /** Default listeners only: which Hosts bind (by their cleartext port). */
  readonly binds?: (h: HostInfo) => boolean;
}

export interface DefaultPorts {
  readonly http: number;
  readonly https: number;
}

export function listenerInfos(listeners: readonly Listener[], hosts: readonly HostInfo[], ports: DefaultPorts, report: (d: Diagnostic) => void): ListenerInfo[] {
  if (listeners.length === 0) return defaultListeners(hosts, ports);
  for (const h of hosts) {
    if (h.additionalPort !== undefined && h.ref) {
      report({ severity: "warning", stage: "ir", ref: h.ref, field: "spec.requestPolicy.insecure.additionalPort",
        message: "ignored: Listener resources define the ports (additionalPort only applies to the default listeners)" });
    }
  }
  const out: ListenerInfo[] = [];
  for (const l of listeners) {
    if (!l.stack.includes("HTTP")) {
      report({ severity: "warning", stage: "ir", ref: l.meta.ref, field: "spec.protocolStack",
        message: `${l.stack.join(",")} listeners are not supported yet; this Listener is ignored` });
      continue;
    }
    out.push({
      resource: l,
      port: l.spec.port,
      securityModel: l.spec.securityModel,
      useProxyProtocol: l.stack.includes("PROXY"),
      tls: l.stack.includes("TLS"),
      statsPrefix: l.spec.statsPrefix ?? `ingress-http-${l.spec.port}`,
    });
  }
  return out.sort((a, b) => a.port - b.port);
}

function defaultListeners(hosts: readonly HostInfo[], ports: DefaultPorts): ListenerInfo[] {
  const cleartextPort = (h: HostInfo): number => h.additionalPort ?? ports.http;
  const cleartext = [...new Set(hosts.map(cleartextPort))].filter((p) => p > 0 && p !== ports.https);
  const out: ListenerInfo[] = cleartext.map((port) => ({
    port, securityModel: "XFP", useProxyProtocol: false, tls: false, statsPrefix: `ingress-http-${port}`,
    binds: (h: HostInfo) => cleartextPort(h) === port,
  }));
  if (hosts.some((h) => h.tls)) {
    out.push({ port: ports.https, securityModel: "XFP", useProxyProtocol: false, tls: true, statsPrefix: `ingress-https-${ports.https}` });
  }
  return out.sort((a, b) => a.port - b.port);
}
