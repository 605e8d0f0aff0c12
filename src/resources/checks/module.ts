// Module: only the one named `ambassador` holds global settings.
import type { Named } from "../candidate.js";
import type { Issue } from "../issue.js";
import type { ModuleSpec } from "../spec-types.js";
import type { Module } from "../types.js";
import { metaOf, type CheckResult } from "./check-result.js";

export const GLOBAL_MODULE = "ambassador";

export function checkModule(n: Named, spec: ModuleSpec): CheckResult<Module> {
  const issues: Issue[] = [];
  const config = spec.config ?? {};
  return { resource: { kind: "Module", meta: metaOf(n), config }, issues };
}
