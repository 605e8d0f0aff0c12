// Expands a Service's `getambassador.io/config` annotation: multi-document YAML of Ambassador
// resources in flat form (`apiVersion`, `kind`, `name`, spec fields at the top level).
// Name and namespace default from the Service; the location is the Service's.
import { CORE_SCHEMA, load, YAMLException, type Mark } from "js-yaml";
import { annotationTextLine, splitAnnotation, type AnnotationSegment } from "./annotation-text.js";
import type { Candidate, Named, Origin } from "./candidate.js";
import type { Diagnostic, ResourceRef } from "../core/diagnostics.js";
import { envelopeToCandidate } from "./documents.js";
import { error, type Issue } from "./issue.js";
import { toDiagnostic } from "./to-diagnostic.js";
import type { PlainObject } from "./values.js";

const CONFIG_ANNOTATION = "getambassador.io/config";
/** Kubernetes' own limit for all annotations of an object together. */
const MAX_ANNOTATION = 262144;
const FIELD = ["metadata", "annotations", CONFIG_ANNOTATION];
const ENVELOPE_KEYS = new Set(["apiVersion", "kind", "name", "namespace", "metadata_labels"]);

export function expandAnnotation(svc: Named, diagnostics: Diagnostic[]): Candidate[] {
  const text = svc.annotations[CONFIG_ANNOTATION];
  if (text === undefined) return [];
  if (text.length > MAX_ANNOTATION) {
    diagnostics.push(toDiagnostic(error(FIELD, `must be at most ${MAX_ANNOTATION} characters`), svc.origin, svc.ref));
    return [];
  }
  const base = annotationTextLine(svc, CONFIG_ANNOTATION);
  const out: Candidate[] = [];
  for (const seg of splitAnnotation(text)) {
    const c = segmentToCandidate(svc, seg, base, diagnostics);
    if (c) out.push(c);
  }
  return out;
}

function segmentToCandidate(svc: Named, seg: AnnotationSegment, base: number | undefined, diagnostics: Diagnostic[]): Candidate | undefined {
  const file = svc.origin.location.file;
  const origin: Origin = {
    location: svc.origin.location,
    viaAnnotationOf: svc.ref,
    flat: true,
    ...(base !== undefined ? { text: seg.text, textLocation: { file, line: base + seg.offset } } : {}),
  };
  const report = (issue: Issue, ref?: ResourceRef): void => {
    diagnostics.push(toDiagnostic(issue, origin, ref ?? svc.ref));
  };
  let value: unknown;
  try {
    value = load(seg.text, { schema: CORE_SCHEMA });
  } catch (e) {
    reportYamlError(e, seg, origin, svc, diagnostics);
    return undefined;
  }
  const c = envelopeToCandidate(value, origin, svc.ref.namespace, report, (v) => unflatten(v, svc.ref));
  if (c?.kind !== "Service") return c;
  report(error(["kind"], "a Service cannot be declared in an annotation"));
  return undefined;
}

function unflatten(v: PlainObject, svc: ResourceRef): { metadata: unknown; spec: unknown } {
  const spec: PlainObject = {};
  for (const [k, val] of Object.entries(v)) if (!ENVELOPE_KEYS.has(k)) spec[k] = val;
  const metadata: PlainObject = {
    name: v.name ?? svc.name,
    namespace: v.namespace ?? svc.namespace,
    ...(v.metadata_labels !== undefined ? { labels: v.metadata_labels } : {}),
  };
  return { metadata, spec };
}

/** Names the broken line itself when the annotation's lines map to the file's. */
function reportYamlError(e: unknown, seg: AnnotationSegment, origin: Origin, svc: Named, diagnostics: Diagnostic[]): void {
  const { reason, line: rawLine } = yamlErrorOf(e);
  const line = rawLine === undefined ? undefined : Math.min(rawLine, lastLine(seg.text));
  const at = origin.textLocation;
  const where: Origin = at && line !== undefined
    ? { location: origin.location, viaAnnotationOf: svc.ref, textLocation: { file: at.file, line: at.line + line } }
    : origin;
  const suffix = !at && line !== undefined ? ` (line ${line + 1} of the annotation document)` : "";
  diagnostics.push(toDiagnostic(error(FIELD, `invalid YAML: ${reason}${suffix}`), where, svc.ref));
}

/** 0-based index of the last line with content (js-yaml may point just past the end). */
function lastLine(text: string): number {
  return text.trimEnd().split("\n").length - 1;
}

/** js-yaml's reason and 0-based line (relative to the parsed text), without its code excerpt. */
function yamlErrorOf(e: unknown): { reason: string; line?: number } {
  if (e instanceof YAMLException && typeof e.reason === "string") {
    // Declared always present, but js-yaml leaves it out for some errors.
    const mark: Partial<Mark> | undefined = e.mark;
    const line = typeof mark?.line === "number" ? mark.line : undefined;
    return line === undefined ? { reason: e.reason } : { reason: e.reason, line };
  }
  return { reason: (e instanceof Error ? e.message : String(e)).split("\n")[0] ?? "" };
}
