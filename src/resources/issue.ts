// An Issue is a problem found while checking one resource, before it is turned into a
// Diagnostic: the path is kept as segments so the field's line can be looked up later.
import type { Severity } from "../core/diagnostics.js";

export type PathSegment = string | number;
export type FieldPath = readonly PathSegment[];

export interface Issue {
  readonly severity: Severity;
  /** Path from the document root, e.g. ["spec", "regex_rewrite", "pattern"]. */
  readonly path: FieldPath;
  readonly message: string;
}

export function error(path: FieldPath, message: string): Issue {
  return { severity: "error", path, message };
}

export function warning(path: FieldPath, message: string): Issue {
  return { severity: "warning", path, message };
}

export function hasErrors(issues: readonly Issue[]): boolean {
  return issues.some((i) => i.severity === "error");
}

/** `spec.ports[0].port`, `spec.headers.x-foo`. */
export function formatPath(path: FieldPath): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else out += out === "" ? seg : `.${seg}`;
  }
  return out;
}
