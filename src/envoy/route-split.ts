// A canary group whose members differ in route-level settings (rewrite, timeouts, retries,
// ...) cannot be one route with weighted clusters: Envoy has those settings per route only.
// It becomes one route per member, each with its own settings, chosen by a runtime fraction.
// Envoy draws one random value per request and tests every route with it, so cumulative
// fractions (in percent, Envoy's default denominator: w1, w1+w2, ..., the last route taking the rest) split traffic exactly by weight,
// as Ambassador's own per-member routes do.
import type { HeaderMatcherJson, RouteJson } from "#gen/envoy/config/route/v3/route_components_pb.js";
import type { IRRoute, IRRouteTarget } from "../ir/types.js";
import { shortHash } from "../util/hash.js";
import { DEFAULT_FEATURES, type FeatureSet } from "./features/registry.js";
import { matchJson, routeJson } from "./route.js";

export function routeJsons(r: IRRoute, extraHeaders: readonly HeaderMatcherJson[] = [], features: FeatureSet = DEFAULT_FEATURES): RouteJson[] {
  if (!r.targets.some((t) => t.own)) return [routeJson(r, extraHeaders, features)];
  const base = matchJson(r.match, extraHeaders);
  let cumulative = 0;
  return r.targets.map((t, i) => {
    cumulative += t.weight;
    const last = i === r.targets.length - 1;
    const match = last ? base : {
      ...base,
      runtimeFraction: { defaultValue: { numerator: cumulative }, runtimeKey: `routing.traffic_shift.${r.name}` },
    };
    return routeJson(memberRoute(r, t), extraHeaders, features, match);
  });
}

// The member's own settings replace the group's entirely (not merged: an unset retry policy
// of this member must not inherit the primary's).
function memberRoute(r: IRRoute, t: IRRouteTarget): IRRoute {
  const { own, ...target } = t;
  const settings = own ?? { timeoutMs: r.timeoutMs };
  return {
    ...settings,
    name: `${r.name}-${shortHash(`${t.source.namespace}/${t.source.name}`)}`,
    match: r.match,
    targets: [{ ...target, weight: 100 }],
    ...(r.mirrors ? { mirrors: r.mirrors } : {}),
    sources: r.sources,
  };
}
