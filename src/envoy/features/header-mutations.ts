// Mapping add_/remove_ request and response headers. A single-target route carries them on
// the Route; in a canary group each member's own changes ride on its weighted cluster.
import type { HeaderValueOptionJson } from "#gen/envoy/config/core/v3/base_pb.js";
import type { IRHeaderMutations } from "../../ir/types.js";
import type { Feature, RouteFields } from "./feature.js";

type HeaderFields = Pick<RouteFields, "requestHeadersToAdd" | "requestHeadersToRemove" | "responseHeadersToAdd" | "responseHeadersToRemove">;

const NONE: HeaderFields = {};

export const headerMutations: Feature = {
  name: "header-mutations",
  goldenCases: ["mapping-headers-add-remove", "canary-rewrite-differs"],
  route: (r) => (r.targets.length === 1 && r.targets[0] ? headerFields(r.targets[0].headers) : NONE),
  target: (t) => headerFields(t.headers),
};

function headerFields(h: IRHeaderMutations): HeaderFields {
  return {
    requestHeadersToAdd: adds(h.addRequest),
    requestHeadersToRemove: h.removeRequest.length ? [...h.removeRequest] : undefined,
    responseHeadersToAdd: adds(h.addResponse),
    responseHeadersToRemove: h.removeResponse.length ? [...h.removeResponse] : undefined,
  };
}

function adds(list: IRHeaderMutations["addRequest"]): HeaderValueOptionJson[] | undefined {
  if (!list.length) return undefined;
  return list.map((a) => {
    const header = { key: a.name, value: a.value };
    // Appending is Envoy's default (APPEND_IF_EXISTS_OR_ADD), which canonical JSON omits.
    return a.append === false ? { header, appendAction: "OVERWRITE_IF_EXISTS_OR_ADD" } : { header };
  });
}
