// Mapping `cors` (the Module's as default): Envoy's CORS filter answers preflights and adds
// the response headers, from each route's policy. The filter is on a listener only when one
// of its routes has a policy, so listeners without CORS stay as they were.
import { CorsPolicySchema, CorsSchema, type CorsPolicyJson } from "#gen/envoy/extensions/filters/http/cors/v3/cors_pb.js";
import type { IRCors, IRListener, IRRoute } from "../../ir/types.js";
import { compact, typed } from "../values.js";
import type { Feature } from "./feature.js";

export const cors: Feature = {
  name: "cors",
  goldenCases: ["feature-cors"],
  httpFilter: {
    slot: "cors",
    name: "envoy.filters.http.cors",
    onListener: (l) => (usesCors(l) ? { config: typed(CorsSchema) } : undefined),
    onRoute: (r) => (r.cors ? { config: typed(CorsPolicySchema, policyJson(r.cors)) } : undefined),
  },
};

const routeUses = (r: IRRoute) => r.cors !== undefined || r.targets.some((t) => t.own?.cors !== undefined);

function usesCors(l: IRListener): boolean {
  return l.virtualHosts.some((vh) => vh.routes.some(routeUses));
}

function policyJson(c: IRCors): CorsPolicyJson {
  return compact<CorsPolicyJson>({
    allowOriginStringMatch: c.origins.map((o) => (o === "*" ? { safeRegex: { regex: ".*" } } : { exact: o })),
    allowMethods: c.methods,
    allowHeaders: c.headers,
    exposeHeaders: c.exposedHeaders,
    maxAge: c.maxAge,
    allowCredentials: c.credentials,
  });
}
