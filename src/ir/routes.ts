// One IR route per canary group in a virtual host: the group's match, one weighted target per
// live member, the shadows as mirrors, or a redirect. Members that differ in route-level
// settings each keep their own (Ambassador applies every member's own settings).
import type { Diagnostic, ResourceRef } from "../core/diagnostics.js";
import type { HeaderToAdd, Mapping } from "../resources/types.js";
import { compareStrings } from "../util/compare.js";
import { shortHash } from "../util/hash.js";
import { splitWeights } from "./canary.js";
import { redirectFor, routeSettingsFor, type RouteDefaults } from "./route-settings.js";
import type { IRHeaderMutations, IRMirror, IRRoute, IRRouteSettings, IRRouteTarget } from "./types.js";

export interface RouteMember {
  readonly mapping: Mapping;
  readonly match: IRRouteMatch;
  readonly matchKey: string;
  /** Empty for a redirect (nothing is proxied). */
  readonly cluster: string;
}

type IRRouteMatch = IRRoute["match"];

/** undefined when the group has nothing to serve (only shadows). */
export function buildRoute(members: readonly RouteMember[], defaults: RouteDefaults, report: (d: Diagnostic) => void): IRRoute | undefined {
  const sorted = [...members].sort((a, b) => compareStrings(refText(a.mapping.meta.ref), refText(b.mapping.meta.ref)));
  const live = sorted.filter((m) => m.mapping.spec.shadow !== true);
  const shadows = sorted.filter((m) => m.mapping.spec.shadow === true);
  const head = live[0];
  if (!head) {
    for (const s of shadows) report(warn(s.mapping, "spec.shadow", "no other Mapping shares this match, so there is no traffic to mirror: no route is made for it"));
    return undefined;
  }
  reportExtraShadows(shadows, report);
  const redirecting = live.find((m) => m.mapping.spec.host_redirect === true);
  if (redirecting) return redirectRoute(redirecting, sorted, live, defaults, report);
  const weighted = splitWeights(live.map((m) => ({ item: m, weight: m.mapping.spec.weight })));
  const primary = pickPrimary(weighted);
  const settings = new Map(live.map((m) => [m, routeSettingsFor(m.mapping, defaults)]));
  const own = new Set([...settings.values()].map((x) => JSON.stringify(x))).size > 1;
  const targets: IRRouteTarget[] = weighted
    .map(({ item, weight }) => targetFor(item, weight, own ? settings.get(item) : undefined, defaults.linkerdHeaders))
    .sort((a, b) => compareStrings(a.cluster, b.cluster) || compareStrings(refText(a.source), refText(b.source)));
  const mirrors = shadows.slice(0, 1).map(mirrorFor);
  return {
    name: `route-${shortHash(primary.matchKey)}`,
    match: primary.match,
    ...(settings.get(primary) ?? routeSettingsFor(primary.mapping, defaults)),
    targets,
    ...(mirrors.length ? { mirrors } : {}),
    sources: sorted.map((m) => m.mapping.meta.ref),
  };
}

function redirectRoute(r: RouteMember, sorted: readonly RouteMember[], live: readonly RouteMember[], defaults: RouteDefaults, report: (d: Diagnostic) => void): IRRoute {
  for (const other of live) {
    if (other !== r) report(warn(other.mapping, "spec.service", `ignored: ${refText(r.mapping.meta.ref)} shares this match and redirects (host_redirect), so nothing is proxied`));
  }
  return {
    name: `route-${shortHash(r.matchKey)}`,
    match: r.match,
    timeoutMs: routeSettingsFor(r.mapping, defaults).timeoutMs,
    targets: [],
    redirect: redirectFor(r.mapping),
    sources: sorted.map((m) => m.mapping.meta.ref),
  };
}

// Ambassador mirrors to one shadow per group.
function reportExtraShadows(shadows: readonly RouteMember[], report: (d: Diagnostic) => void): void {
  const [first, ...rest] = shadows;
  for (const s of rest) report(warn(s.mapping, "spec.shadow", `ignored: only one shadow per match is used (${refText(first?.mapping.meta.ref ?? s.mapping.meta.ref)})`));
}

// A shadow's weight is the share of requests mirrored (all of them by default).
function mirrorFor(m: RouteMember): IRMirror {
  return { cluster: m.cluster, percent: m.mapping.spec.weight ?? 100, source: m.mapping.meta.ref };
}

// The member with the largest share sets the route-level fields (rewrites, timeouts).
function pickPrimary(weighted: readonly { item: RouteMember; weight: number }[]): RouteMember {
  let best = weighted[0];
  for (const w of weighted) if (best && w.weight > best.weight) best = w;
  if (!best) throw new Error("canary group without members");
  return best.item;
}

function targetFor(member: RouteMember, weight: number, own: IRRouteSettings | undefined, linkerdDefault: boolean): IRRouteTarget {
  const s = member.mapping.spec;
  return {
    cluster: member.cluster,
    weight,
    hostRewrite: s.host_rewrite,
    headers: headerMutations(member, linkerdDefault),
    ...(own ? { own } : {}),
    source: member.mapping.meta.ref,
  };
}

// Linkerd routes by `l5d-dst-override`: the service's authority, added for that member only.
function headerMutations(member: RouteMember, linkerdDefault: boolean): IRHeaderMutations {
  const m = member.mapping;
  const s = m.spec;
  const linkerd: Readonly<Record<string, HeaderToAdd>> = (s.add_linkerd_headers ?? linkerdDefault) ? { "l5d-dst-override": { value: linkerdAuthority(m), append: false } } : {};
  const adds = (h: typeof s.add_request_headers) =>
    Object.entries(h ?? {})
      .map(([name, v]) => ({ name, ...v }))
      .sort((a, b) => compareStrings(a.name, b.name));
  return {
    addRequest: adds({ ...linkerd, ...s.add_request_headers }),
    removeRequest: [...(s.remove_request_headers ?? [])].sort(compareStrings),
    addResponse: adds(s.add_response_headers),
    removeResponse: [...(s.remove_response_headers ?? [])].sort(compareStrings),
  };
}

function linkerdAuthority(m: Mapping): string {
  const ref = m.service;
  const host = ref.namespace !== undefined ? `${ref.host}.${ref.namespace}` : ref.host;
  return `${host}:${ref.port ?? (ref.scheme === "https" ? 443 : 80)}`;
}

function warn(m: Mapping, field: string, message: string): Diagnostic {
  return { severity: "warning", stage: "ir", ref: m.meta.ref, field, message };
}

const refText = (r: ResourceRef) => `${r.namespace}/${r.name}`;
