// Parsing of a Mapping's `service`: `[scheme://]host[:port]`.
//
// Rules (documented for users in the same words):
// - scheme is optional and must be `http` or `https` (any case; stored lower-case).
// - host is a DNS name (labels of letters, digits and `-`, at most 253 characters), an IPv4
//   address, or an IPv6 address in brackets (`[::1]:8080`). An IPv6 `host` is stored without
//   its brackets.
// - port, when present, is 1-65535 in decimal.
// - when the host is `name.namespace` (exactly one dot, not an IP address), `host` is `name` and
//   `namespace` is set: the Service `name` in that namespace. (`example.com` therefore reads as
//   Service `example` in namespace `com`, as in Ambassador; FQDNs with more labels, such as
//   `api.example.com`, are kept whole in `host`.)
// - no path, query, fragment, user info or whitespace.
import { isIPv4, isIPv6 } from "node:net";
import type { ServiceRef } from "./types.js";
import { boundedMemo } from "../util/bounded-memo.js";

export interface ServiceRefError {
  readonly error: string;
}

export function isServiceRefError(r: ServiceRef | ServiceRefError): r is ServiceRefError {
  return "error" in r;
}

const DNS_LABEL = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

// Many Mappings name the same few services: parsing is pure, so results are memoised.
export const parseServiceRef: (s: string) => ServiceRef | ServiceRefError = boundedMemo((s) => Object.freeze(parse(s)));

function parse(s: string): ServiceRef | ServiceRefError {
  if (s === "") return { error: "must not be empty" };
  if (/[\s/?#@]/.test(s.replace(/^[A-Za-z][A-Za-z0-9+.-]*:\/\//, ""))) {
    return { error: `"${s}" must be [scheme://]name[.namespace][:port] (no path, query, user info or spaces)` };
  }
  const schemeMatch = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(s);
  let scheme: "http" | "https" | undefined;
  let rest = s;
  if (schemeMatch) {
    const given = (schemeMatch[1] ?? "").toLowerCase();
    if (given !== "http" && given !== "https") return { error: `unsupported scheme "${schemeMatch[1]}" (use http or https)` };
    scheme = given;
    rest = s.slice(schemeMatch[0].length);
  }
  const hp = splitHostPort(rest);
  if ("error" in hp) return hp;
  const hostError = checkHost(hp.host, hp.bracketed);
  if (hostError) return { error: hostError };
  const namespace = namespaceOf(hp.host, hp.bracketed);
  return {
    ...(scheme ? { scheme } : {}),
    host: namespace ? hp.host.slice(0, hp.host.length - namespace.length - 1) : hp.host,
    ...(namespace ? { namespace } : {}),
    ...(hp.port !== undefined ? { port: hp.port } : {}),
  };
}

/** Inverse of parseServiceRef (up to scheme case). */
export function formatServiceRef(ref: ServiceRef): string {
  const scheme = ref.scheme ? `${ref.scheme}://` : "";
  const host = ref.host.includes(":") ? `[${ref.host}]` : ref.namespace ? `${ref.host}.${ref.namespace}` : ref.host;
  return `${scheme}${host}${ref.port !== undefined ? `:${ref.port}` : ""}`;
}

interface HostPort {
  readonly host: string;
  readonly bracketed: boolean;
  readonly port?: number;
}

function splitHostPort(rest: string): HostPort | ServiceRefError {
  let host: string;
  let portText: string | undefined;
  let bracketed = false;
  if (rest.startsWith("[")) {
    const close = rest.indexOf("]");
    if (close < 0) return { error: `"${rest}": missing "]" after IPv6 address` };
    host = rest.slice(1, close);
    bracketed = true;
    const after = rest.slice(close + 1);
    if (after !== "" && !after.startsWith(":")) return { error: `unexpected "${after}" after "]"` };
    if (after !== "") portText = after.slice(1);
  } else {
    const colons = rest.split(":").length - 1;
    if (colons > 1) return { error: `"${rest}": write IPv6 addresses in brackets, e.g. [::1]:8080` };
    const i = rest.indexOf(":");
    host = i < 0 ? rest : rest.slice(0, i);
    if (i >= 0) portText = rest.slice(i + 1);
  }
  if (portText === undefined) return { host, bracketed };
  const port = parsePort(portText);
  if (port === undefined) return { error: `port "${portText}" must be an integer from 1 to 65535` };
  return { host, bracketed, port };
}

function parsePort(text: string): number | undefined {
  if (!/^[0-9]{1,5}$/.test(text)) return undefined;
  const n = Number(text);
  return n >= 1 && n <= 65535 ? n : undefined;
}

function checkHost(host: string, bracketed: boolean): string | undefined {
  if (host === "") return "host must not be empty";
  if (bracketed) return isIPv6(host) ? undefined : `"${host}" is not a valid IPv6 address`;
  if (isIPv4(host)) return undefined;
  if (host.length > 253) return "host is longer than 253 characters";
  if (!host.split(".").every((l) => DNS_LABEL.test(l))) {
    return `"${host}" is not a valid DNS name or IP address`;
  }
  if (/^[0-9.]+$/.test(host)) return `"${host}" is not a valid IPv4 address`;
  return undefined;
}

function namespaceOf(host: string, bracketed: boolean): string | undefined {
  if (bracketed || isIPv4(host)) return undefined;
  const parts = host.split(".");
  return parts.length === 2 ? parts[1] : undefined;
}
