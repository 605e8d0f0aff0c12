// Module: only the one named `ambassador` holds global settings. A security setting attache
// does not enforce yet is an error, not a silent no-op: a deny list that denies nothing would
// fail open.
import type { Named } from "../candidate.js";
import { checkMutableHeaderName } from "../header-names.js";
import { error, hasErrors, type Issue } from "../issue.js";
import type { ModuleSpec } from "../spec-types.js";
import type { Module } from "../types.js";
import { metaOf, type CheckResult } from "./check-result.js";
import { checkCorsOrigins } from "./mapping.js";

export const GLOBAL_MODULE = "ambassador";

/** Accepted by Ambassador, not enforced by attache yet: refused so nobody relies on them. */
export const UNENFORCED_SECURITY_SETTINGS: Readonly<Record<string, string>> = {
  ip_allow: "IP allow lists are not enforced by attache yet; remove ip_allow (or filter at the network layer)",
  ip_deny: "IP deny lists are not enforced by attache yet; remove ip_deny (or filter at the network layer)",
};

export function checkModule(n: Named, spec: ModuleSpec): CheckResult<Module> {
  const issues: Issue[] = [];
  const config = spec.config ?? {};
  const set = new Set(Object.entries(config).filter(([, v]) => v !== undefined).map(([k]) => k));
  for (const [field, why] of Object.entries(UNENFORCED_SECURITY_SETTINGS)) {
    if (set.has(field)) issues.push(error(["spec", "config", field], why));
  }
  const overrides = Array.isArray(config.header_case_overrides) ? config.header_case_overrides : [];
  overrides.forEach((h: unknown, i) => {
    const problem = checkMutableHeaderName(String(h));
    if (problem) issues.push(error(["spec", "config", "header_case_overrides", i], problem));
  });
  checkCorsOrigins(config.cors?.origins, ["spec", "config", "cors", "origins"], issues);
  if (hasErrors(issues)) return { issues };
  return { resource: { kind: "Module", meta: metaOf(n), config }, issues };
}
