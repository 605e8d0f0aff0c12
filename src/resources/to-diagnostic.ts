// Turns Issues into Diagnostics: names the resource, formats the field path and pins the
// field to its line when the document text is at hand.
import type { Origin } from "./candidate.js";
import { formatRef, type Diagnostic, type ResourceRef, type SourceLocation } from "./diagnostics.js";
import { findFieldLine } from "./field-location.js";
import { formatPath, type Issue } from "./issue.js";

export function toDiagnostic(issue: Issue, origin: Origin, ref?: ResourceRef): Diagnostic {
  const field = issue.path.length > 0 ? formatPath(issue.path) : undefined;
  const via = origin.viaAnnotationOf
    ? ` (in the getambassador.io/config annotation of ${formatRef({ ...origin.viaAnnotationOf, location: undefined })})`
    : "";
  return {
    severity: issue.severity,
    stage: "resources",
    ...(ref ? { ref } : {}),
    location: locate(issue, origin),
    ...(field ? { field } : {}),
    message: issue.message + via,
  };
}

function locate(issue: Issue, origin: Origin): SourceLocation {
  if (origin.text === undefined || issue.path.length === 0) return origin.location;
  const line = findFieldLine(origin.text, issue.path, origin.location.line);
  return line === undefined ? origin.location : { file: origin.location.file, line };
}
