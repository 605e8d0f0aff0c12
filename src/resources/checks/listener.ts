// Listener checks: exactly one of protocol / protocolStack, resolved to protocol layers.
import type { Named } from "../candidate.js";
import { error, warning, type Issue } from "../issue.js";
import type { Listener, ListenerProtocol, ListenerSpec, ProtocolLayer } from "../types.js";
import { metaOf, type CheckResult } from "./check-result.js";

/** Outermost layer first. */
export const PROTOCOL_STACKS: Readonly<Record<ListenerProtocol, readonly ProtocolLayer[]>> = {
  HTTP: ["HTTP", "TCP"],
  HTTPS: ["TLS", "HTTP", "TCP"],
  HTTPPROXY: ["PROXY", "HTTP", "TCP"],
  HTTPSPROXY: ["PROXY", "TLS", "HTTP", "TCP"],
  TCP: ["TCP"],
  TLS: ["TLS", "TCP"],
  UDP: ["UDP"],
};

export function checkListener(n: Named, s: ListenerSpec): CheckResult<Listener> {
  if (s.protocol === undefined && s.protocolStack === undefined) {
    return { issues: [error(["spec", "protocol"], "one of protocol, protocolStack is required")] };
  }
  if (s.protocol !== undefined && s.protocolStack !== undefined) {
    return { issues: [error(["spec", "protocolStack"], "set only one of protocol, protocolStack")] };
  }
  const stack = s.protocol !== undefined ? PROTOCOL_STACKS[s.protocol] : (s.protocolStack ?? []);
  const problem = s.protocolStack ? stackProblem(s.protocolStack) : undefined;
  if (problem) return { issues: [error(["spec", "protocolStack"], problem)] };
  return { resource: { kind: "Listener", meta: metaOf(n), spec: s, stack }, issues: bindingNotes(s) };
}

// Ambassador's SELECTOR picks namespaces by their labels, which attache does not read: the
// Listener is kept and binds Hosts from every namespace (hostBinding.selector still applies).
function bindingNotes(s: ListenerSpec): Issue[] {
  return s.hostBinding?.namespace?.from === "SELECTOR"
    ? [warning(["spec", "hostBinding", "namespace", "from"], "SELECTOR (namespaces by label) is not supported yet: Hosts from all namespaces are bound, as with ALL")]
    : [];
}

/** A stack is PROXY?, TLS?, HTTP?, then exactly one transport (TCP or UDP), in that order. */
function stackProblem(stack: readonly ProtocolLayer[]): string | undefined {
  const order: ProtocolLayer[] = ["PROXY", "TLS", "HTTP"];
  const last = stack[stack.length - 1];
  if (last !== "TCP" && last !== "UDP") return "must end with TCP or UDP";
  let pos = -1;
  for (const layer of stack.slice(0, -1)) {
    const at = order.indexOf(layer);
    if (at < 0) return `${layer} may only be the last layer`;
    if (at <= pos) return `layers must appear once each, in the order PROXY, TLS, HTTP, then TCP or UDP`;
    pos = at;
  }
  if (last === "UDP" && stack.includes("PROXY")) return "PROXY cannot run over UDP";
  return undefined;
}
