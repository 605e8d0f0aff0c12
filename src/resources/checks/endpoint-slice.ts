// discovery.k8s.io/v1 EndpointSlice: which addresses back a Service, and on which ports.
import type { Named } from "../candidate.js";
import type { EndpointSliceSpec } from "../spec-types.js";
import type { EndpointSlice } from "../types.js";
import { metaOf, type CheckResult } from "./check-result.js";

const SERVICE_NAME_LABEL = "kubernetes.io/service-name";

export function checkEndpointSlice(n: Named, s: EndpointSliceSpec): CheckResult<EndpointSlice> {
  const resource: EndpointSlice = {
    kind: "EndpointSlice",
    meta: metaOf(n),
    serviceName: n.labels[SERVICE_NAME_LABEL] ?? "",
    addressType: s.addressType,
    endpoints: (s.endpoints ?? []).map((e) => ({ addresses: e.addresses, ready: e.conditions?.ready !== false })),
    ports: (s.ports ?? []).flatMap((p) => (p.port === undefined ? [] : [{ port: p.port, ...(p.name ? { name: p.name } : {}), ...(p.protocol ? { protocol: p.protocol } : {}) }])),
  };
  return { resource, issues: [] };
}
