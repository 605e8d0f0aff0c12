// Looking things up in attache's diagnostics JSON (`/ambassador/v0/diag/?json=true`).
import type { Diagnostic } from "../../../src/core/diagnostics.js";

export interface DiagQuery {
  readonly kind?: string;
  readonly namespace?: string;
  readonly name?: string;
  /** Matches when the diagnostic's file ends with this. */
  readonly file?: string;
  /** Matches when the diagnostic's field contains this. */
  readonly field?: string;
}

export function diagFile(d: Diagnostic): string | undefined {
  return (d.location ?? d.ref?.location)?.file;
}

export function diagLine(d: Diagnostic): number | undefined {
  return (d.location ?? d.ref?.location)?.line;
}

export function matchesDiag(d: Diagnostic, q: DiagQuery): boolean {
  if (q.kind !== undefined && d.ref?.kind !== q.kind) return false;
  if (q.namespace !== undefined && d.ref?.namespace !== q.namespace) return false;
  if (q.name !== undefined && d.ref?.name !== q.name) return false;
  if (q.file !== undefined && !(diagFile(d) ?? "").endsWith(q.file)) return false;
  if (q.field !== undefined && !(d.field ?? "").includes(q.field)) return false;
  return true;
}

export function findDiags(diag: { diagnostics?: Diagnostic[] }, q: DiagQuery): Diagnostic[] {
  return (diag.diagnostics ?? []).filter((d) => matchesDiag(d, q));
}
