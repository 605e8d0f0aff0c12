// Which resources this instance reports on, and what it knows about each: the valid ones (in
// the ResourceSet) plus the invalid ones, known only through the refs of their diagnostics.
// Resources for other ambassador_ids are left to their own instance.
import { refKey, type Diagnostic, type ResourceRef } from "../core/diagnostics.js";
import type { ResourceSet } from "../resources/types.js";
import type { SourceDocument } from "../core/source-document.js";
import { computeStatus } from "./conditions.js";
import { hasStatus } from "./kinds.js";
import type { ResourceFacts, ResourceStatus, StatusEntry } from "./types.js";
import { compareStrings } from "../util/compare.js";
import { isObject } from "./compare.js";

export interface StatusInputs {
  readonly resources: ResourceSet | undefined;
  readonly documents: readonly SourceDocument[];
  readonly diagnostics: readonly Diagnostic[];
  readonly envoyAcked: boolean;
  readonly defaultNamespace: string;
}

export function collectFacts(inputs: StatusInputs): ResourceFacts[] {
  const rs = inputs.resources;
  const valid = rs ? [...rs.mappings, ...rs.hosts, ...rs.listeners, ...(rs.module ? [rs.module] : [])] : [];
  const others = new Set((rs?.otherInstances ?? []).map(refKey));
  const generations = generationsOf(inputs.documents, inputs.defaultNamespace);
  const refs = new Map<string, ResourceRef>();
  for (const r of valid) {
    refs.set(refKey(r.meta.ref), r.meta.ref);
    if (r.meta.generation !== undefined) generations.set(refKey(r.meta.ref), r.meta.generation);
  }
  const byRef = new Map<string, Diagnostic[]>();
  for (const d of inputs.diagnostics) {
    if (!d.ref || !hasStatus(d.ref.kind)) continue;
    const key = refKey(d.ref);
    if (!refs.has(key)) refs.set(key, d.ref);
    byRef.set(key, [...(byRef.get(key) ?? []), d]);
  }
  return [...refs.entries()]
    .filter(([key]) => !others.has(key))
    .sort(([a], [b]) => compareStrings(a, b))
    .map(([key, ref]) => {
      const generation = generations.get(key);
      return { ref, ...(generation === undefined ? {} : { generation }), diagnostics: byRef.get(key) ?? [], envoyAcked: inputs.envoyAcked };
    });
}

/** Statuses for all facts; `previous` (by refKey) keeps transition times and live generations. */
export function computeStatuses(facts: readonly ResourceFacts[], previous: ReadonlyMap<string, ResourceStatus>, now: string): StatusEntry[] {
  return facts.map((f) => ({ ref: f.ref, status: computeStatus(f, previous.get(refKey(f.ref)), now) }));
}

// metadata.generation as the API server set it; documents from files have none.
function generationsOf(docs: readonly SourceDocument[], defaultNamespace: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const doc of docs) {
    const v = doc.value;
    if (!isObject(v) || !isObject(v["metadata"])) continue;
    const { kind } = v;
    const { name, namespace, generation } = v["metadata"];
    if (typeof kind !== "string" || typeof name !== "string" || typeof generation !== "number") continue;
    out.set(refKey({ kind, namespace: typeof namespace === "string" ? namespace : defaultNamespace, name }), generation);
  }
  return out;
}
