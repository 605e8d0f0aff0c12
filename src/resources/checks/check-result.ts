// What a per-kind semantic check returns, and the metadata every typed resource carries.
import type { Named } from "../candidate.js";
import type { Issue } from "../issue.js";
import type { ResourceMeta } from "../types.js";

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
