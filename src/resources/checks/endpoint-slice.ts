// discovery.k8s.io/v1 EndpointSlice: which addresses back a Service, and on which ports.
import type { Named } from "../candidate.js";
import type { EndpointSlice } from "../types.js";
import type { PlainObject } from "../values.js";
import { metaOf, type CheckResult } from "./check-result.js";

const SERVICE_NAME_LABEL = "kubernetes.io/service-name";

interface RawSlice {
  addressType: EndpointSlice["addressType"];
  endpoints?: { addresses: string[]; conditions?: { ready?: boolean } }[];
  ports?: { name?: string; port?: number; protocol?: string }[];
}

export function checkEndpointSlice(n: Named, spec: PlainObject): CheckResult<EndpointSlice> {
  const s = spec as unknown as RawSlice;
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
