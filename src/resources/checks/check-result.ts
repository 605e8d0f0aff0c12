// What a per-kind semantic check returns, and the metadata every typed resource carries.
import type { Named } from "../candidate.js";
import type { Issue } from "../issue.js";
import type { ResourceMeta } from "../types.js";

/** What checks need to know beyond the resource itself. */
export interface CheckContext {
  /** The ambassador Module's `regex_max_size` (RE2 program size limit), default 200. */
  readonly regexMaxSize: number;
}

export const DEFAULT_REGEX_MAX_SIZE = 200;

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
