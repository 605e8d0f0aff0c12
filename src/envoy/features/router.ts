// The router: forwards the request along the route's action. Every HTTP listener has it, and
// its slot is the last of `HTTP_FILTER_ORDER`.
import { RouterSchema } from "#gen/envoy/extensions/filters/http/router/v3/router_pb.js";
import { typed } from "../values.js";
import type { Feature } from "./feature.js";

export const router: Feature = {
  name: "router",
  goldenCases: ["mapping-prefix-basic"],
  httpFilter: {
    slot: "router",
    name: "envoy.filters.http.router",
    onListener: () => ({ config: typed(RouterSchema) }),
  },
};
