// A Mapping's match conditions in IR form, and the key that groups Mappings into one route.
import type { Mapping } from "../resources/types.js";
import { compareStrings } from "../util/compare.js";
import { globToRegex, stripPort } from "./hostname.js";
import { matchValue, type IRHeaderMatch, type IRPathMatch, type IRQueryMatch, type IRRouteMatch, type IRValueMatch } from "./types.js";

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
      ? [{ kind: "regex", name: ":authority", value: globToRegex(h) }]
      : [{ kind: "exact", name: ":authority", value: h }];
  }
  if (s.host !== undefined) return [{ kind: s.host_regex === true ? "regex" : "exact", name: ":authority", value: s.host }];
  return [];
}

function methodMatch(m: Mapping): IRHeaderMatch[] {
  const s = m.spec;
  return s.method ? [{ kind: s.method_regex === true ? "regex" : "exact", name: ":method", value: s.method }] : [];
}

function headerMatches(m: Mapping): IRHeaderMatch[] {
  const out: IRHeaderMatch[] = [];
  for (const [name, v] of Object.entries(m.spec.headers ?? {})) out.push(valueOrPresence(name.toLowerCase(), v));
  for (const [name, v] of Object.entries(m.spec.regex_headers ?? {})) out.push({ kind: "regex", name: name.toLowerCase(), value: v });
  return out;
}

function queryMatches(m: Mapping): IRQueryMatch[] {
  const out: IRQueryMatch[] = [];
  for (const [name, v] of Object.entries(m.spec.query_parameters ?? {})) out.push(valueOrPresence(name, v));
  for (const [name, v] of Object.entries(m.spec.regex_query_parameters ?? {})) out.push({ kind: "regex", name, value: v });
  return out;
}

// `true` asks only for presence.
function valueOrPresence(name: string, v: string | true): IRValueMatch {
  return v === true ? { kind: "present", name } : { kind: "exact", name, value: v };
}

function sortByName<T extends IRValueMatch>(items: T[]): T[] {
  return items.sort((a, b) => compareStrings(a.name, b.name) || compareStrings(matchValue(a), matchValue(b)));
}

const DEFAULT_METHOD: IRHeaderMatch = { kind: "exact", name: ":method", value: "GET" };

/**
 * Mappings with equal keys form one canary group (one Envoy route). As in Ambassador, `method`
 * is part of the key: a `method: GET` Mapping and one without a method are two routes (GET
 * takes the first, every other method the second).
 */
export function matchKey(match: IRRouteMatch): string {
  const hasMethod = match.headers.some((h) => h.name === ":method");
  // Without a method the key keeps the form it always had (GET added), so those routes keep
  // their names; an explicit method is marked, which is what sets the two apart.
  const headers = hasMethod ? match.headers : sortByName([...match.headers, DEFAULT_METHOD]);
  return JSON.stringify({ ...match, headers: headers.map(keyForm), query: match.query.map(keyForm), ...(hasMethod ? { method: "explicit" } : {}) });
}

// Route names hash this key: it keeps the form it had before conditions were a union, so
// names (and so every generated config) stay the same.
function keyForm(m: IRValueMatch): { name: string; value: string; regex: boolean; present: boolean } {
  return { name: m.name, value: matchValue(m), regex: m.kind === "regex", present: m.kind === "present" };
}
