// Shadow Mappings: Envoy copies the route's requests to the shadow's cluster and drops the
// answers, so the client only ever sees the live members' responses.
import type { Feature } from "./feature.js";

export const mirror: Feature = {
  name: "mirror",
  goldenCases: ["mapping-shadow"],
  action: (r) => (r.mirrors?.length ? {
    requestMirrorPolicies: r.mirrors.map((m) => ({
      cluster: m.cluster,
      ...(m.percent < 100 ? { runtimeFraction: { defaultValue: { numerator: m.percent } } } : {}),
    })),
  } : {}),
};
