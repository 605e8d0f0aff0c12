// core/v1 Service: keeps what routing needs; a Service without ports has an empty list.
import type { Named } from "../candidate.js";
import type { Service } from "../types.js";
import type { PlainObject } from "../values.js";
import { metaOf, type CheckResult } from "./check-result.js";

export function checkService(n: Named, spec: PlainObject): CheckResult<Service> {
  const s = spec as Service["spec"] & PlainObject;
  const out: Service["spec"] = {
    ports: s.ports ?? [],
    ...(s.type !== undefined ? { type: s.type } : {}),
    ...(s.clusterIP !== undefined ? { clusterIP: s.clusterIP } : {}),
    ...(s.externalName !== undefined ? { externalName: s.externalName } : {}),
    ...(s.selector !== undefined ? { selector: s.selector } : {}),
  };
  return { resource: { kind: "Service", meta: metaOf(n), spec: out }, issues: [] };
}
