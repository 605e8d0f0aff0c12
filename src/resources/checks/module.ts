// Module: only the one named `ambassador` holds global settings.
import type { Named } from "../candidate.js";
import type { Issue } from "../issue.js";
import type { Module, ModuleConfig } from "../types.js";
import type { PlainObject } from "../values.js";
import { metaOf, type CheckResult } from "./check-result.js";

export const GLOBAL_MODULE = "ambassador";

export function checkModule(n: Named, spec: PlainObject): CheckResult<Module> {
  const issues: Issue[] = [];
  const config = (spec.config ?? {}) as ModuleConfig;
  return { resource: { kind: "Module", meta: metaOf(n), config }, issues };
}
