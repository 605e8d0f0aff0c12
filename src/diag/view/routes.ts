// Every route in Envoy's order (listener, virtual host, then the IR's route order, which is the
// order Envoy tries them in), with its match, where it came from and where it sends traffic.
import type { IR, IRRoute, IRRouteMatch, IRValueMatch } from "../../ir/types.js";
import { isSensitiveHeader, REDACTED } from "../redact.js";
import { uniqueRefs } from "./refs.js";
import type { RouteRow } from "./types.js";

export function routeRows(ir: IR): RouteRow[] {
  const rows: RouteRow[] = [];
  for (const l of ir.listeners) {
    for (const vh of l.virtualHosts) {
      vh.routes.forEach((r, index) => rows.push(rowOf(r, index, l.routeConfigName, vh.name, vh.domains)));
    }
  }
  return rows;
}

function rowOf(r: IRRoute, index: number, routeConfig: string, virtualHost: string, domains: readonly string[]): RouteRow {
  return {
    index,
    routeConfig,
    virtualHost,
    domains,
    name: r.name,
    match: formatMatch(r.match),
    sources: uniqueRefs(r.sources),
    targets: r.targets.map((t) => ({ cluster: t.cluster, weight: t.weight })),
  };
}

export function formatMatch(m: IRRouteMatch): string {
  const parts = [`${m.path.kind} ${m.path.value}`];
  if (!m.caseSensitive) parts.push("case-insensitive");
  for (const h of m.headers) parts.push(`header ${valueMatch(h)}`);
  for (const q of m.query) parts.push(`query ${valueMatch(q)}`);
  if (m.precedence !== 0) parts.push(`precedence ${m.precedence}`);
  return parts.join(" · ");
}

function valueMatch(v: IRValueMatch): string {
  if (v.kind === "present") return `${v.name} present`;
  const value = isSensitiveHeader(v.name) ? REDACTED : v.value;
  return v.kind === "regex" ? `${v.name} ~ ${value}` : `${v.name} = ${value}`;
}

/** Case-insensitive substring filter over what a row shows. */
export function routeMatches(row: RouteRow, needle: string): boolean {
  if (!needle) return true;
  const n = needle.toLowerCase();
  const text = haystacks.get(row) ?? routeText(row);
  haystacks.set(row, text);
  return text.includes(n);
}

const haystacks = new WeakMap<RouteRow, string>();

function routeText(r: RouteRow): string {
  const parts = [r.name, r.match, r.virtualHost, r.routeConfig, ...r.domains];
  for (const s of r.sources) parts.push(s.key, s.at ?? "");
  for (const t of r.targets) parts.push(t.cluster);
  return parts.join("\n").toLowerCase();
}
