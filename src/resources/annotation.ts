// Expands a Service's `getambassador.io/config` annotation: multi-document YAML of Ambassador
// resources in flat form (`apiVersion`, `kind`, `name`, spec fields at the top level).
// Name and namespace default from the Service; the location is the Service's.
import { CORE_SCHEMA, load } from "js-yaml";
import { annotationTextLine, splitAnnotation, type AnnotationSegment } from "./annotation-text.js";
import type { Candidate, Named, Origin } from "./candidate.js";
import type { Diagnostic, ResourceRef } from "./diagnostics.js";
import { envelopeToCandidate } from "./documents.js";
import { error, type Issue } from "./issue.js";
import { toDiagnostic } from "./to-diagnostic.js";
import type { PlainObject } from "./values.js";

export const CONFIG_ANNOTATION = "getambassador.io/config";
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
    report(error(FIELD, `invalid YAML: ${firstLine(e)}`));
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

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split("\n")[0] ?? "";
}
