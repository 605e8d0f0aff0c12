// Which ports attache listens on: the Listener resources that carry HTTP, or the default HTTP
// listener when there are none.
import type { Diagnostic } from "../core/diagnostics.js";
import type { Listener, SecurityModel } from "../resources/types.js";

export interface ListenerInfo {
  readonly resource?: Listener;
  readonly port: number;
  readonly securityModel: SecurityModel;
  readonly useProxyProtocol: boolean;
  readonly statsPrefix: string;
}

export function listenerInfos(listeners: readonly Listener[], defaultPort: number, report: (d: Diagnostic) => void): ListenerInfo[] {
  if (listeners.length === 0) {
    return [{ port: defaultPort, securityModel: "XFP", useProxyProtocol: false, statsPrefix: `ingress-http-${defaultPort}` }];
  }
  const out: ListenerInfo[] = [];
  for (const l of listeners) {
    if (!l.stack.includes("HTTP")) {
      report({ severity: "warning", stage: "ir", ref: l.meta.ref, field: "spec.protocolStack",
        message: `${l.stack.join(",")} listeners are not supported yet; this Listener is ignored` });
      continue;
    }
    if (l.stack.includes("TLS")) {
      report({ severity: "warning", stage: "ir", ref: l.meta.ref, field: "spec.protocolStack",
        message: "TLS termination is not supported yet: this Listener serves cleartext HTTP only" });
    }
    out.push({
      resource: l,
      port: l.spec.port,
      securityModel: l.spec.securityModel,
      useProxyProtocol: l.stack.includes("PROXY"),
      statsPrefix: l.spec.statsPrefix ?? `ingress-http-${l.spec.port}`,
    });
  }
  return out.sort((a, b) => a.port - b.port);
}
