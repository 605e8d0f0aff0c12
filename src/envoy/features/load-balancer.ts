// Mapping `load_balancer`: the policy is the cluster's; what ring_hash and maglev hash on
// (cookie, header, client address) is the route's hash policy.
import type { RouteAction_HashPolicyJson } from "#gen/envoy/config/route/v3/route_components_pb.js";
import type { IRHashPolicy } from "../../ir/types.js";
import { compact, duration } from "../values.js";
import type { Feature } from "./feature.js";

export const loadBalancer: Feature = {
  name: "load-balancer",
  goldenCases: ["mapping-cluster-settings", "mapping-route-policies"],
  cluster: (c) => (c.options?.lbPolicy ? { lbPolicy: c.options.lbPolicy } : {}),
  action: (r) => (r.hashPolicy ? { hashPolicy: [hashPolicyJson(r.hashPolicy)] } : {}),
};

function hashPolicyJson(h: IRHashPolicy): RouteAction_HashPolicyJson {
  switch (h.kind) {
    case "cookie":
      // A ttl makes Envoy set the cookie when the client has none (sticky sessions).
      return { cookie: compact({ name: h.name, path: h.path, ttl: h.ttlMs !== undefined ? duration(h.ttlMs) : undefined }) };
    case "header":
      return { header: { headerName: h.name } };
    case "sourceIp":
      return { connectionProperties: { sourceIp: true } };
  }
}
