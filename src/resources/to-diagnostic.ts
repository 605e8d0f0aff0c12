// Turns Issues into Diagnostics: names the resource, formats the field path and pins the
// field to its line when the document text is at hand.
import type { Origin } from "./candidate.js";
import { formatRef, type Diagnostic, type ResourceRef, type SourceLocation } from "../core/diagnostics.js";
import { findFieldLine } from "./field-location.js";
import { formatPath, type FieldPath, type Issue } from "./issue.js";

export function toDiagnostic(issue: Issue, origin: Origin, ref?: ResourceRef): Diagnostic {
  const field = issue.path.length > 0 ? formatPath(issue.path) : undefined;
  const via = origin.viaAnnotationOf
    ? ` (in the getambassador.io/config annotation of ${formatRef({ ...origin.viaAnnotationOf, location: undefined })})`
    : origin.generatedFrom
      ? ` (in the Mapping made from ${formatRef({ ...origin.generatedFrom, location: undefined })})`
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
  const start = origin.textLocation ?? origin.location;
  if (origin.text === undefined || issue.path.length === 0) return start;
  const path = origin.flat ? flatPath(issue.path) : issue.path;
  const line = findFieldLine(origin.text, path, start.line);
  return line === undefined ? start : { file: start.file, line };
}

/** Where a field sits in the flat annotation form (`name`, `metadata_labels`, spec fields). */
function flatPath(path: FieldPath): FieldPath {
  if (path[0] === "spec") return path.slice(1);
  if (path[0] !== "metadata") return path;
  return path[1] === "labels" ? ["metadata_labels", ...path.slice(2)] : path.slice(1);
}
