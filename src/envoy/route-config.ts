// IR listener -> the RouteConfiguration its connection manager reads over RDS: one virtual
// host per Host, with the Host's insecure action applied to insecure requests. The Listener's
// securityModel says which requests are secure: all (SECURE, e.g. behind a TLS-terminating
// balancer), none (INSECURE), or those whose X-Forwarded-Proto is https (XFP).
import type { RouteConfigurationJson } from "#gen/envoy/config/route/v3/route_pb.js";
import type { HeaderMatcherJson, RouteJson, VirtualHostJson } from "#gen/envoy/config/route/v3/route_components_pb.js";
import type { IRListener, IRRoute, IRVirtualHost } from "../ir/types.js";
import type { SecurityModel } from "../resources/types.js";
import { routeJsons } from "./route-split.js";

// Under the XFP security model a request is secure when the edge in front said it was.
const XFP_HTTPS: HeaderMatcherJson = { name: "x-forwarded-proto", stringMatch: { exact: "https" } };

export function routeConfigJson(l: IRListener): RouteConfigurationJson {
  return {
    name: l.routeConfigName,
    virtualHosts: l.virtualHosts.map((vh) => virtualHostJson(vh, l.securityModel)),
  };
}

/** The RouteConfiguration of a listener's TLS chains: every request on them is secure. */
export function tlsRouteConfigJson(l: IRListener & { readonly tls: NonNullable<IRListener["tls"]> }): RouteConfigurationJson {
  return { name: l.tls.routeConfigName, virtualHosts: l.tls.virtualHosts.map((vh) => virtualHostJson(vh, "SECURE")) };
}

function virtualHostJson(vh: IRVirtualHost, model: SecurityModel): VirtualHostJson {
  const out: VirtualHostJson = { name: vh.name, domains: [...vh.domains] };
  const routes = model === "SECURE" ? routesFor(vh, "Route", false) : routesFor(vh, vh.insecureAction, model === "XFP");
  if (routes.length) out.routes = routes;
  return out;
}

function routesFor(vh: IRVirtualHost, insecureAction: IRVirtualHost["insecureAction"], xfp: boolean): RouteJson[] {
  switch (insecureAction) {
    case "Route":
      return vh.routes.flatMap((r) => cachedRouteJson(r, false));
    case "Redirect":
      return [...secureOnly(vh, xfp), { name: `${vh.name}-https-redirect`, match: { prefix: "/" }, redirect: { httpsRedirect: true } }];
    case "Reject":
      return secureOnly(vh, xfp);
  }
}

function secureOnly(vh: IRVirtualHost, xfp: boolean): RouteJson[] {
  return xfp ? vh.routes.flatMap((r) => cachedRouteJson(r, true)) : [];
}

// IR routes are immutable and reused across builds when unchanged, so their JSON (and, by its
// identity, their encoded bytes) is too.
const plainRoutes = new WeakMap<IRRoute, RouteJson[]>();
const xfpRoutes = new WeakMap<IRRoute, RouteJson[]>();

function cachedRouteJson(r: IRRoute, secureOnly: boolean): RouteJson[] {
  const cache = secureOnly ? xfpRoutes : plainRoutes;
  let json = cache.get(r);
  if (!json) {
    json = secureOnly ? routeJsons(r, [XFP_HTTPS]) : routeJsons(r);
    cache.set(r, json);
  }
  return json;
}
