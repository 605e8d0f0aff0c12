// Every resource the source handed over, with its state: the valid ones (in the ResourceSet),
// the invalid ones (known through their documents and diagnostics) and those Envoy rejected.
import { formatDiagnostic, refKey, type Diagnostic, type ResourceRef } from "../../core/diagnostics.js";
import type { SourceDocument } from "../../core/source-document.js";
import type { ResourceSet } from "../../resources/types.js";
import { compareStrings } from "../../util/compare.js";
import { refView } from "./refs.js";
import type { CountRow, ResourceRow, ResourceState } from "./types.js";

export interface ResourceInputs {
  readonly documents: readonly SourceDocument[];
  readonly resources: ResourceSet | undefined;
  readonly diagnostics: readonly Diagnostic[];
  readonly defaultNamespace: string;
}

export function resourceRows(inputs: ResourceInputs): ResourceRow[] {
  const refs = new Map<string, ResourceRef>();
  const add = (r: ResourceRef) => {
    const prev = refs.get(refKey(r));
    if (!prev || (!prev.location && r.location)) refs.set(refKey(r), r);
  };
  for (const d of inputs.documents) {
    const r = documentRef(d, inputs.defaultNamespace);
    if (r) add(r);
  }
  const rs = inputs.resources;
  if (rs) for (const r of [...rs.mappings, ...rs.hosts, ...rs.listeners, ...rs.services, ...(rs.module ? [rs.module] : [])]) add(r.meta.ref);
  const byRef = new Map<string, Diagnostic[]>();
  for (const d of inputs.diagnostics) {
    if (!d.ref) continue;
    add(d.ref);
    byRef.set(refKey(d.ref), [...(byRef.get(refKey(d.ref)) ?? []), d]);
  }
  const others = new Set((rs?.otherInstances ?? []).map(refKey));
  return [...refs.entries()]
    .filter(([key]) => !others.has(key))
    .sort(([a], [b]) => compareStrings(a, b))
    .map(([key, ref]) => rowOf(ref, byRef.get(key) ?? []));
}

function rowOf(ref: ResourceRef, diags: readonly Diagnostic[]): ResourceRow {
  const errors = diags.filter((d) => d.severity === "error");
  const warnings = diags.filter((d) => d.severity === "warning");
  const state: ResourceState = errors.length ? "error" : warnings.length ? "warning" : "ok";
  const text = (d: Diagnostic) => `${d.field ? `${d.field}: ` : ""}${d.message}`;
  return { ...refView(ref), state, rejected: diags.some((d) => d.stage === "envoy"), errors: errors.map(text), warnings: warnings.map(text) };
}

/** kind/namespace/name of a document that has them (whatever its validity). */
export function documentRef(d: SourceDocument, defaultNamespace: string): ResourceRef | undefined {
  const v = d.value;
  if (!isRecord(v) || typeof v.kind !== "string" || !isRecord(v.metadata) || typeof v.metadata.name !== "string") return undefined;
  const ns = typeof v.metadata.namespace === "string" ? v.metadata.namespace : defaultNamespace;
  return { kind: v.kind, namespace: ns, name: v.metadata.name, location: d.location };
}

export function countsByKind(rows: readonly ResourceRow[]): CountRow[] {
  const out = new Map<string, { ok: number; warning: number; error: number }>();
  for (const r of rows) {
    const c = out.get(r.kind) ?? { ok: 0, warning: 0, error: 0 };
    c[r.state]++;
    out.set(r.kind, c);
  }
  return [...out.entries()].sort(([a], [b]) => compareStrings(a, b)).map(([kind, c]) => ({ kind, ...c }));
}

/** Diagnostics with no resource (a file that does not parse), for the overview. */
export function fileProblems(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.filter((d) => !d.ref).map(formatDiagnostic);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
