// Mapping checks that a schema cannot express: regex syntax, the service reference, header
// names, and fields that exclude each other.
import type { Named } from "../candidate.js";
import { checkHeaderValue, checkMatchHeaderName, checkMutableHeaderName } from "../header-names.js";
import { error, hasErrors, warning, type Issue } from "../issue.js";
import { checkRegex } from "../regex/regex.js";
import { isServiceRefError, parseServiceRef } from "../service-ref.js";
import type { Mapping, MappingSpec } from "../types.js";
import { isPlainObject } from "../values.js";
import { regexProgramSizeAtLeast } from "../regex/regex-program-size.js";
import { AMBASSADOR_V2 } from "../kinds.js";
import { metaOf, type CheckContext, type CheckResult } from "./check-result.js";

const S = "spec";

export function checkMapping(n: Named, written: MappingSpec, ctx: CheckContext): CheckResult<Mapping> {
  const issues: Issue[] = [];
  const m = n.apiVersion === AMBASSADOR_V2 ? v2HostAsHostname(written) : written;
  checkHostGlob(m, issues);
  checkPrefix(m, issues);
  checkRegexes(m, ctx.regexMaxSize, issues);
  checkHeaders(m, issues);
  checkOtherHeaderNames(m, issues);
  checkRedirects(m, issues);
  checkHealthChecks(m, issues);
  checkErrorOverrides(m, issues);
  checkLoadBalancer(m, issues);
  checkCorsOrigins(m.cors?.origins, [S, "cors", "origins"], issues);
  if (m.enable_ipv4 === false && m.enable_ipv6 !== true) {
    issues.push(error([S, "enable_ipv4"], "with enable_ipv6 unset or false no address family is left to resolve the service with"));
  }
  if (m.host !== undefined && m.hostname !== undefined) {
    issues.push(warning([S, "host"], "deprecated; hostname is set too and wins"));
  }
  const service = parseServiceRef(m.service);
  if (isServiceRefError(service)) issues.push(error([S, "service"], service.error));
  if (hasErrors(issues) || isServiceRefError(service)) return { issues };
  return { resource: { kind: "Mapping", meta: metaOf(n), spec: m, service }, issues };
}

// Ambassador 2.x reads `host` as a hostname glob and a missing one as `*`; a v2 document
// means the same here (hostname, when also set, wins as before).
function v2HostAsHostname(m: MappingSpec): MappingSpec {
  if (m.hostname !== undefined || m.host_regex === true) return m;
  const { host, ...rest } = m;
  return { ...rest, hostname: host ?? "*" };
}

// In v3alpha1 `host` is an exact `:authority` match: a `*` in it could never match anything.
function checkHostGlob(m: MappingSpec, issues: Issue[]): void {
  if (m.host === undefined || m.host_regex === true || m.hostname !== undefined || !m.host.includes("*")) return;
  issues.push(error([S, "host"], `"${m.host}" contains "*", but host is an exact match of the Host header and would never match: use hostname for a glob (or host_regex: true)`));
}

function checkPrefix(m: MappingSpec, issues: Issue[]): void {
  if (!m.prefix_regex && !m.prefix.startsWith("/")) {
    issues.push(error([S, "prefix"], `must start with "/" (or set prefix_regex: true)`));
  }
}

function checkRegexes(m: MappingSpec, maxSize: number, issues: Issue[]): void {
  const check = (path: (string | number)[], pattern: string): void => {
    const problem = checkRegex(pattern) ?? checkProgramSize(pattern, maxSize);
    if (problem) issues.push(error([S, ...path], problem));
  };
  if (m.prefix_regex) check(["prefix"], m.prefix);
  if (m.host_regex && m.host !== undefined) check(["host"], m.host);
  if (m.method_regex && m.method !== undefined) check(["method"], m.method);
  for (const [k, v] of Object.entries(m.regex_headers ?? {})) check(["regex_headers", k], v);
  for (const [k, v] of Object.entries(m.regex_query_parameters ?? {})) check(["regex_query_parameters", k], v);
  if (m.regex_rewrite) check(["regex_rewrite", "pattern"], m.regex_rewrite.pattern);
  if (m.regex_redirect) check(["regex_redirect", "pattern"], m.regex_redirect.pattern);
}

/** Over the limit, Envoy rejects the whole route table: refuse just this Mapping instead. */
function checkProgramSize(pattern: string, maxSize: number): string | undefined {
  const size = regexProgramSizeAtLeast(pattern);
  return size > maxSize
    ? `RE2 program size is at least ${size}, over regex_max_size ${maxSize} (set in the ambassador Module); Envoy would reject the whole route table`
    : undefined;
}

function checkHeaders(m: MappingSpec, issues: Issue[]): void {
  const bad = (path: (string | number)[], problem: string | undefined): void => {
    if (problem) issues.push(error([S, ...path], problem));
  };
  for (const field of ["headers", "regex_headers"] as const) {
    const map = m[field];
    if (map) for (const k in map) bad([field, k], checkMatchHeaderName(k));
  }
  for (const field of ["query_parameters", "regex_query_parameters"] as const) {
    const map = m[field];
    if (map && "" in map) bad([field, ""], "query parameter name must not be empty");
  }
  for (const field of ["add_request_headers", "add_response_headers"] as const) {
    const map = m[field];
    if (!map) continue;
    for (const [k, h] of Object.entries(map)) {
      bad([field, k], checkMutableHeaderName(k));
      bad([field, k], checkHeaderValue(h.value));
    }
  }
  for (const field of ["remove_request_headers", "remove_response_headers"] as const) {
    m[field]?.forEach((k, i) => bad([field, i], checkMutableHeaderName(k)));
  }
}

/** Header names outside the header maps: the hash-policy header and health-check headers. */
function checkOtherHeaderNames(m: MappingSpec, issues: Issue[]): void {
  const bad = (path: (string | number)[], problem: string | undefined): void => {
    if (problem) issues.push(error([S, ...path], problem));
  };
  const hashHeader = m.load_balancer?.["header"];
  if (typeof hashHeader === "string") bad(["load_balancer", "header"], checkMatchHeaderName(hashHeader));
  (m.health_checks ?? []).forEach((hc: unknown, i) => {
    const http = isPlainObject(hc) && isPlainObject(hc.health_check) ? hc.health_check.http : undefined;
    if (!isPlainObject(http)) return;
    const at = ["health_checks", i, "health_check", "http"];
    if (isPlainObject(http.add_request_headers)) {
      for (const k in http.add_request_headers) bad([...at, "add_request_headers", k], checkMutableHeaderName(k));
    }
    if (Array.isArray(http.remove_request_headers)) {
      http.remove_request_headers.forEach((k: unknown, j: number) => bad([...at, "remove_request_headers", j], checkMutableHeaderName(String(k))));
    }
  });
}

function checkRedirects(m: MappingSpec, issues: Issue[]): void {
  const set = (["path_redirect", "prefix_redirect", "regex_redirect"] as const).filter((f) => m[f] !== undefined);
  const [first, second] = set;
  if (second !== undefined) issues.push(error([S, second], `set only one of ${set.join(", ")}`));
  // Without host_redirect these change nothing in Ambassador either: say so.
  for (const f of first !== undefined && m.host_redirect !== true ? [...set, "redirect_response_code" as const] : []) {
    if (m[f] !== undefined) issues.push(warning([S, f], "only applies with host_redirect: true (ignored)"));
  }
}

// Envoy 1.40 requires a name on each of several health checks, a field the Envoy API attache
// builds against does not have yet: one health check per Mapping until it does.
function checkHealthChecks(m: MappingSpec, issues: Issue[]): void {
  (m.health_checks ?? []).forEach((hc: unknown, i) => {
    if (i > 0) issues.push(warning([S, "health_checks", i], "only the first health check is used (several need names, which attache cannot give Envoy yet)"));
    const kinds = isPlainObject(hc) && isPlainObject(hc.health_check) ? Object.keys(hc.health_check) : [];
    if (kinds.filter((k) => k === "http" || k === "grpc").length !== 1) {
      issues.push(error([S, "health_checks", i, "health_check"], "must set exactly one of http, grpc"));
    }
  });
}

function checkErrorOverrides(m: MappingSpec, issues: Issue[]): void {
  (m.error_response_overrides ?? []).forEach((o: unknown, i) => {
    const body = isPlainObject(o) && isPlainObject(o.body) ? o.body : {};
    const set = ["text_format", "json_format", "text_format_source"].filter((f) => body[f] !== undefined);
    if (set.length !== 1) {
      issues.push(error([S, "error_response_overrides", i, "body"],
        "must set exactly one of text_format, json_format, text_format_source"));
    }
  });
}

function checkLoadBalancer(m: MappingSpec, issues: Issue[]): void {
  const lb = m.load_balancer;
  if (!lb) return;
  const hashes = (["cookie", "header", "source_ip"] as const).filter((f) => lb[f] !== undefined);
  const [first, second] = hashes;
  const hashing = lb.policy === "ring_hash" || lb.policy === "maglev";
  if (!hashing && first !== undefined) {
    issues.push(error([S, "load_balancer", first], `only applies to policy ring_hash or maglev`));
  } else if (second !== undefined) {
    issues.push(error([S, "load_balancer", second], `set only one of ${hashes.join(", ")}`));
  }
}

// An origin is what a browser sends: scheme://host[:port], no path; `*` allows any.
const ORIGIN = /^[a-z][a-z0-9+.-]*:\/\/[^/\s?#]+$/i;

export function checkCorsOrigins(origins: readonly string[] | undefined, at: (string | number)[], issues: Issue[]): void {
  (origins ?? []).forEach((o, i) => {
    if (o !== "*" && !ORIGIN.test(o)) issues.push(error([...at, i], `"${o}" is not an origin: use scheme://host[:port] (no path), or "*"`));
  });
}
