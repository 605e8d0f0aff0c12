// Resolver resources: named strategies a Mapping (or the Module) picks with `resolver`.
import type { Named } from "../candidate.js";
import { warning } from "../issue.js";
import type { ConsulResolverSpec } from "../spec-types.js";
import type { Resolver } from "../types.js";
import { metaOf, type CheckResult } from "./check-result.js";

export function checkResolver(n: Named, kind: Resolver["kind"], spec: Partial<ConsulResolverSpec>): CheckResult<Resolver> {
  const issues = kind === "ConsulResolver" ? [warning([], "ConsulResolver is not supported yet: Mappings using it fall back to Kubernetes Service DNS")] : [];
  const out: Resolver["spec"] = {
    ...(typeof spec.address === "string" ? { address: spec.address } : {}),
    ...(typeof spec.datacenter === "string" ? { datacenter: spec.datacenter } : {}),
  };
  return { resource: { kind, meta: metaOf(n), spec: out }, issues };
}
