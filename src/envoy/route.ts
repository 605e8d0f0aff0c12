// IR route -> Envoy Route. A canary group becomes one route with weighted clusters; per-member
// host rewrites (and the features' per-member fields, e.g. header changes) ride on each
// weighted cluster. A redirect answers without a cluster.
import type { HeaderMatcherJson, QueryParameterMatcherJson, RedirectActionJson, RouteJson, RouteMatchJson, WeightedCluster_ClusterWeightJson } from "#gen/envoy/config/route/v3/route_components_pb.js";
import type { IRHeaderMatch, IRQueryMatch, IRRedirect, IRRoute, IRRouteMatch, IRRouteTarget } from "../ir/types.js";
import { actionFields, DEFAULT_FEATURES, routeFields, targetFields, type FeatureSet } from "./features/registry.js";
import { compact, duration } from "./values.js";

/** The route's core (match and action), then what the features add (see features/registry.ts). */
export function routeJson(r: IRRoute, extraHeaders: readonly HeaderMatcherJson[] = [], features: FeatureSet = DEFAULT_FEATURES, match: RouteMatchJson = matchJson(r.match, extraHeaders)): RouteJson {
  if (r.redirect) return compact({ name: r.name, match, redirect: redirectJson(r.redirect), ...routeFields(features, r) });
  const single = r.targets.length === 1 ? r.targets[0] : undefined;
  return compact({
    name: r.name,
    match,
    route: compact({
      cluster: single?.cluster,
      weightedClusters: single ? undefined : { clusters: r.targets.map((t) => weightedCluster(t, features)) },
      prefixRewrite: r.prefixRewrite,
      regexRewrite: r.regexRewrite ? { pattern: { regex: r.regexRewrite.pattern }, substitution: r.regexRewrite.substitution } : undefined,
      hostRewriteLiteral: single?.hostRewrite,
      timeout: duration(r.timeoutMs),
      idleTimeout: r.idleTimeoutMs !== undefined ? duration(r.idleTimeoutMs) : undefined,
      ...actionFields(features, r),
    }),
    ...routeFields(features, r),
  });
}

export function matchJson(m: IRRouteMatch, extraHeaders: readonly HeaderMatcherJson[]): RouteMatchJson {
  const headers = [...m.headers.map(headerMatcher), ...extraHeaders];
  return compact({
    prefix: m.path.kind === "prefix" ? m.path.value : undefined,
    path: m.path.kind === "exact" ? m.path.value : undefined,
    safeRegex: m.path.kind === "regex" ? { regex: m.path.value } : undefined,
    caseSensitive: m.caseSensitive ? undefined : false,
    headers: headers.length ? headers : undefined,
    queryParameters: m.query.length ? m.query.map(queryMatcher) : undefined,
  });
}

const RESPONSE_CODES = {
  301: "MOVED_PERMANENTLY", 302: "FOUND", 303: "SEE_OTHER", 307: "TEMPORARY_REDIRECT", 308: "PERMANENT_REDIRECT",
} as const;

function redirectJson(r: IRRedirect): RedirectActionJson {
  return compact({
    hostRedirect: r.host,
    portRedirect: r.port,
    schemeRedirect: r.https ? "https" : undefined,
    pathRedirect: r.path,
    prefixRewrite: r.prefix,
    regexRewrite: r.regex ? { pattern: { regex: r.regex.pattern }, substitution: r.regex.substitution } : undefined,
    // 301 is Envoy's default, which canonical JSON omits.
    responseCode: r.responseCode !== undefined && r.responseCode !== 301 ? RESPONSE_CODES[r.responseCode] : undefined,
  });
}

function headerMatcher(h: IRHeaderMatch): HeaderMatcherJson {
  if (h.kind === "present") return { name: h.name, presentMatch: true };
  // Host names are case-insensitive; other header values are matched as written.
  const authority = h.name === ":authority";
  if (h.kind === "regex") return { name: h.name, stringMatch: { safeRegex: { regex: authority ? `(?i)${h.value}` : h.value } } };
  return { name: h.name, stringMatch: compact({ exact: h.value, ignoreCase: authority ? true : undefined }) };
}

function queryMatcher(q: IRQueryMatch): QueryParameterMatcherJson {
  if (q.kind === "present") return { name: q.name, presentMatch: true };
  return { name: q.name, stringMatch: q.kind === "regex" ? { safeRegex: { regex: q.value } } : { exact: q.value } };
}

function weightedCluster(t: IRRouteTarget, features: FeatureSet): WeightedCluster_ClusterWeightJson {
  return compact({ name: t.cluster, weight: t.weight, hostRewriteLiteral: t.hostRewrite, ...targetFields(features, t) });
}
