// Diagnostics are the one currency every stage uses to report a problem with a resource.
// They always name the resource (kind, namespace/name, file:line when known) and the field.
import { compareStrings as cmp } from "../util/compare.js";

export interface SourceLocation {
  readonly file: string;
  /** 1-based line of the document (or of the field, when known); 0 when there are no lines (Kubernetes API). */
  readonly line: number;
}

export interface ResourceRef {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly location?: SourceLocation;
}

export type Severity = "error" | "warning";

/** Which pipeline stage noticed the problem. `envoy` means Envoy itself rejected (NACKed) it. */
export type Stage = "source" | "resources" | "ir" | "envoy";

export interface Diagnostic {
  readonly severity: Severity;
  readonly stage: Stage;
  /** Absent only when the problem is with a file as a whole (e.g. unparseable YAML). */
  readonly ref?: ResourceRef;
  readonly location?: SourceLocation;
  /** Dotted path of the offending field, e.g. `spec.regex_rewrite.pattern`. */
  readonly field?: string;
  readonly message: string;
}

export function refKey(ref: Pick<ResourceRef, "kind" | "namespace" | "name">): string {
  return `${ref.kind}/${ref.namespace}/${ref.name}`;
}

export function formatRef(ref: ResourceRef): string {
  const at = ref.location ? ` (${formatLocation(ref.location)})` : "";
  return `${ref.kind} ${ref.namespace}/${ref.name}${at}`;
}

/** `file:line`; objects from the Kubernetes API have no lines (line 0) and print as `kubernetes`. */
export function formatLocation(loc: SourceLocation): string {
  return loc.line > 0 ? `${loc.file}:${loc.line}` : loc.file;
}

/** One line, e.g. `error: Mapping default/quote (dir/a.yaml:12): spec.timeout_ms: must be >= 0`. */
export function formatDiagnostic(d: Diagnostic): string {
  const loc = d.location ?? d.ref?.location;
  const who = d.ref ? formatRef({ ...d.ref, location: loc }) : loc ? formatLocation(loc) : "";
  const field = d.field ? `${d.field}: ` : "";
  return `${d.severity}: ${who}${who ? ": " : ""}${field}${d.message}`;
}

/** Stable order for reporting: by file, line, kind, namespace, name, field, message. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  const la = a.location ?? a.ref?.location;
  const lb = b.location ?? b.ref?.location;
  return (
    cmp(la?.file ?? "", lb?.file ?? "") ||
    (la?.line ?? 0) - (lb?.line ?? 0) ||
    cmp(a.ref ? refKey(a.ref) : "", b.ref ? refKey(b.ref) : "") ||
    cmp(a.field ?? "", b.field ?? "") ||
    cmp(a.message, b.message)
  );
}
