// A Mapping's match conditions in IR form, and the key that groups Mappings into one route.
import type { Mapping } from "../resources/types.js";
import { compareStrings } from "../util/compare.js";
import { globToRegex, stripPort } from "./hostname.js";
import type { IRHeaderMatch, IRPathMatch, IRQueryMatch, IRRouteMatch } from "./types.js";

export function routeMatchFor(m: Mapping): IRRouteMatch {
  const s = m.spec;
  const caseSensitive = s.case_sensitive ?? true;
  return {
    path: pathMatch(m, caseSensitive),
    caseSensitive,
    headers: sortByName([...authorityMatch(m), ...methodMatch(m), ...headerMatches(m)]),
    query: sortByName(queryMatches(m)),
    precedence: s.precedence ?? 0,
  };
}

function pathMatch(m: Mapping, caseSensitive: boolean): IRPathMatch {
  const s = m.spec;
  // RE2 has no case-insensitive flag in Envoy's regex matcher config: use the inline flag.
  if (s.prefix_regex) return { kind: "regex", value: caseSensitive ? s.prefix : `(?i)${s.prefix}` };
  if (s.prefix_exact) return { kind: "exact", value: s.prefix };
  return { kind: "prefix", value: s.prefix };
}

// `hostname` (a glob) wins over the deprecated `host` / `host_regex`.
function authorityMatch(m: Mapping): IRHeaderMatch[] {
  const s = m.spec;
  if (s.hostname !== undefined) {
    const h = stripPort(s.hostname).toLowerCase();
    if (h === "*") return [];
    return h.includes("*")
      ? [{ name: ":authority", value: globToRegex(h), regex: true, present: false }]
      : [{ name: ":authority", value: h, regex: false, present: false }];
  }
  if (s.host !== undefined) return [{ name: ":authority", value: s.host, regex: s.host_regex === true, present: false }];
  return [];
}

function methodMatch(m: Mapping): IRHeaderMatch[] {
  const s = m.spec;
  return s.method ? [{ name: ":method", value: s.method, regex: s.method_regex === true, present: false }] : [];
}

function headerMatches(m: Mapping): IRHeaderMatch[] {
  const out: IRHeaderMatch[] = [];
  for (const [name, v] of Object.entries(m.spec.headers ?? {})) {
    out.push({ name: name.toLowerCase(), value: v === true ? "" : v, regex: false, present: v === true });
  }
  for (const [name, v] of Object.entries(m.spec.regex_headers ?? {})) {
    out.push({ name: name.toLowerCase(), value: v, regex: true, present: false });
  }
  return out;
}

function queryMatches(m: Mapping): IRQueryMatch[] {
  const out: IRQueryMatch[] = [];
  for (const [name, v] of Object.entries(m.spec.query_parameters ?? {})) {
    out.push({ name, value: v === true ? "" : v, regex: false, present: v === true });
  }
  for (const [name, v] of Object.entries(m.spec.regex_query_parameters ?? {})) {
    out.push({ name, value: v, regex: true, present: false });
  }
  return out;
}

function sortByName<T extends { name: string; value: string }>(items: T[]): T[] {
  return items.sort((a, b) => compareStrings(a.name, b.name) || compareStrings(a.value, b.value));
}

const DEFAULT_METHOD: IRHeaderMatch = { name: ":method", value: "GET", regex: false, present: false };

/**
 * Mappings with equal keys form one canary group (one Envoy route). As in Ambassador, a
 * Mapping without `method` groups with `method: GET` ones.
 */
export function matchKey(match: IRRouteMatch): string {
  const hasMethod = match.headers.some((h) => h.name === ":method");
  return JSON.stringify(hasMethod ? match : { ...match, headers: sortByName([...match.headers, DEFAULT_METHOD]) });
}
