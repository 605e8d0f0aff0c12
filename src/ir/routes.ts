// One IR route per canary group in a virtual host: the group's match, its primary Mapping's
// route-level settings, and one weighted target per member.
import type { Diagnostic, ResourceRef } from "../core/diagnostics.js";
import type { Mapping } from "../resources/types.js";
import { compareStrings } from "../util/compare.js";
import { shortHash } from "../util/hash.js";
import { splitWeights } from "./canary.js";
import type { IRHeaderMutations, IRRoute, IRRouteMatch, IRRouteTarget } from "./types.js";

export interface RouteMember {
  readonly mapping: Mapping;
  readonly match: IRRouteMatch;
  readonly matchKey: string;
  readonly cluster: string;
}

export function buildRoute(members: readonly RouteMember[], defaultTimeoutMs: number, report: (d: Diagnostic) => void): IRRoute {
  const sorted = [...members].sort((a, b) => compareStrings(refText(a.mapping.meta.ref), refText(b.mapping.meta.ref)));
  const weighted = splitWeights(sorted.map((m) => ({ item: m, weight: m.mapping.spec.weight })));
  const primary = pickPrimary(weighted);
  const s = primary.mapping.spec;
  for (const other of sorted) if (other !== primary) checkSameRouteSettings(primary.mapping, other.mapping, report);
  const targets: IRRouteTarget[] = weighted
    .map(({ item, weight }) => targetFor(item, weight))
    .sort((a, b) => compareStrings(a.cluster, b.cluster) || compareStrings(refText(a.source), refText(b.source)));
  return {
    name: `route-${shortHash(primary.matchKey)}`,
    match: primary.match,
    ...rewriteFor(primary.mapping),
    timeoutMs: s.timeout_ms ?? defaultTimeoutMs,
    idleTimeoutMs: s.idle_timeout_ms,
    targets,
    sources: sorted.map((m) => m.mapping.meta.ref),
  };
}

// The member with the largest share sets the route-level fields (rewrites, timeouts).
function pickPrimary(weighted: readonly { item: RouteMember; weight: number }[]): RouteMember {
  let best = weighted[0];
  for (const w of weighted) if (best && w.weight > best.weight) best = w;
  if (!best) throw new Error("canary group without members");
  return best.item;
}

function rewriteFor(m: Mapping): Pick<IRRoute, "prefixRewrite" | "regexRewrite"> {
  const s = m.spec;
  if (s.regex_rewrite) return { regexRewrite: { pattern: s.regex_rewrite.pattern, substitution: s.regex_rewrite.substitution } };
  // A regex matches the whole path, so the default `/` would replace every path with `/`:
  // regex Mappings keep their path unless they ask for a rewrite.
  const rewrite = s.rewrite ?? (s.prefix_regex ? "" : "/");
  return rewrite === "" ? {} : { prefixRewrite: rewrite };
}

function targetFor(member: RouteMember, weight: number): IRRouteTarget {
  const s = member.mapping.spec;
  return {
    cluster: member.cluster,
    weight,
    hostRewrite: s.host_rewrite,
    headers: headerMutations(member.mapping),
    source: member.mapping.meta.ref,
  };
}

function headerMutations(m: Mapping): IRHeaderMutations {
  const s = m.spec;
  const adds = (h: typeof s.add_request_headers) =>
    Object.entries(h ?? {})
      .map(([name, v]) => ({ name, ...v }))
      .sort((a, b) => compareStrings(a.name, b.name));
  return {
    addRequest: adds(s.add_request_headers),
    removeRequest: [...(s.remove_request_headers ?? [])].sort(compareStrings),
    addResponse: adds(s.add_response_headers),
    removeResponse: [...(s.remove_response_headers ?? [])].sort(compareStrings),
  };
}

const ROUTE_LEVEL_FIELDS = ["rewrite", "regex_rewrite", "timeout_ms", "idle_timeout_ms"] as const;

// Envoy applies rewrites and timeouts per route, not per weighted cluster: say so when canary
// members disagree instead of silently picking one.
function checkSameRouteSettings(primary: Mapping, other: Mapping, report: (d: Diagnostic) => void): void {
  for (const f of ROUTE_LEVEL_FIELDS) {
    if (JSON.stringify(primary.spec[f]) === JSON.stringify(other.spec[f])) continue;
    report({
      severity: "warning",
      stage: "ir",
      ref: other.meta.ref,
      field: `spec.${f}`,
      message: `ignored: this Mapping shares its match with ${refText(primary.meta.ref)} (a canary group), whose ${f} applies to the whole route`,
    });
  }
}

const refText = (r: ResourceRef) => `${r.namespace}/${r.name}`;
