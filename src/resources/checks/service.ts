// core/v1 Service: keeps what routing needs; a Service without ports has an empty list.
// An ExternalName Service must name its external host.
import type { Named } from "../candidate.js";
import { error } from "../issue.js";
import type { SpecOf } from "../spec-types.js";
import type { Service } from "../types.js";
import { metaOf, type CheckResult } from "./check-result.js";

export function checkService(n: Named, s: SpecOf["Service"]): CheckResult<Service> {
  if (s.type === "ExternalName" && s.externalName === undefined) {
    return { issues: [error(["spec", "externalName"], "is required when type is ExternalName")] };
  }
  const out: Service["spec"] = {
    ports: s.ports ?? [],
    ...(s.type !== undefined ? { type: s.type } : {}),
    ...(s.clusterIP !== undefined ? { clusterIP: s.clusterIP } : {}),
    ...(s.externalName !== undefined ? { externalName: s.externalName } : {}),
    ...(s.selector !== undefined ? { selector: s.selector } : {}),
  };
  return { resource: { kind: "Service", meta: metaOf(n), spec: out }, issues: [] };
}
