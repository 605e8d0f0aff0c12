// What a per-kind semantic check returns, and the metadata every typed resource carries.
import type { Named } from "../candidate.js";
import type { Issue } from "../issue.js";
import type { Module, ResourceMeta } from "../types.js";

/** What checks need to know beyond the resource itself. */
export interface CheckContext {
  /** The ambassador Module's `regex_max_size` (RE2 program size limit), default 200. */
  readonly regexMaxSize: number;
}

export const DEFAULT_REGEX_MAX_SIZE = 200;

/** The one rule for the RE2 limit: the Module's `regex_max_size`, else Ambassador's default. */
export function regexMaxSizeOf(module: Module | undefined): number {
  return module?.config.regex_max_size ?? DEFAULT_REGEX_MAX_SIZE;
}

export interface CheckResult<T> {
  /** Absent when an error was found. */
  readonly resource?: T;
  readonly issues: Issue[];
}

export function metaOf(n: Named): ResourceMeta {
  return {
    ref: n.ref,
    labels: n.labels,
    annotations: n.annotations,
    ...(n.generation !== undefined ? { generation: n.generation } : {}),
  };
}
