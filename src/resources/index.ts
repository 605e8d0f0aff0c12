// The resources stage: raw documents in, a typed and validated ResourceSet out.
// Pure and deterministic: the same documents always give the same set and diagnostics.
import type { SourceDocument } from "../sources/types.js";
import { expandAnnotation } from "./annotation.js";
import { isForInstance } from "./ambassador-id.js";
import type { Candidate, Named } from "./candidate.js";
import { GLOBAL_MODULE } from "./checks/module.js";
import { compareDiagnostics, formatRef, refKey, type Diagnostic, type ResourceRef } from "./diagnostics.js";
import { collectDocument } from "./documents.js";
import { duplicateMessage, firstClaimWins } from "./duplicates.js";
import { error, warning } from "./issue.js";
import { readMetadata } from "./metadata.js";
import { toDiagnostic } from "./to-diagnostic.js";
import type { Host, Listener, Mapping, Module, Resource, ResourceOptions, ResourceSet, Service } from "./types.js";
import { validateResource } from "./validate-resource.js";

export { parseServiceRef, formatServiceRef, isServiceRefError } from "./service-ref.js";
export { PROTOCOL_STACKS } from "./checks/listener.js";

export function buildResourceSet(docs: readonly SourceDocument[], opts: ResourceOptions): ResourceSet {
  const diagnostics: Diagnostic[] = [];
  const candidates: Candidate[] = [];
  for (const doc of docs) collectDocument(doc, opts.defaultNamespace, { candidates, diagnostics });
  const named = nameAll(candidates, opts.defaultNamespace, diagnostics);
  const mine: Named[] = [];
  const otherInstances: ResourceRef[] = [];
  for (const n of named) {
    if (n.kind === "Service" || isForInstance(n.spec, opts.ambassadorId)) mine.push(n);
    else otherInstances.push(n.ref);
  }
  const unique = keepFirst(mine, (n) => refKey(n.ref), diagnostics);
  const validated = validateAll(selectModules(unique, diagnostics), diagnostics);
  return assemble(uniquePorts(validated, diagnostics), diagnostics, otherInstances);
}

/** Reads metadata; a Service's annotation resources follow the Service, in annotation order. */
function nameAll(candidates: readonly Candidate[], defaultNamespace: string, diagnostics: Diagnostic[]): Named[] {
  const out: Named[] = [];
  const visit = (c: Candidate): void => {
    const md = readMetadata(c, defaultNamespace);
    const ref: ResourceRef = { kind: c.kind, namespace: md.namespace, name: md.name, location: c.origin.location };
    for (const i of md.issues) diagnostics.push(toDiagnostic(i, c.origin, ref));
    if (!md.named) return;
    out.push(md.named);
    if (md.named.kind === "Service") for (const a of expandAnnotation(md.named, diagnostics)) visit(a);
  };
  candidates.forEach(visit);
  return out;
}

function keepFirst(items: readonly Named[], keyOf: (n: Named) => string | undefined, diagnostics: Diagnostic[],
  describe: (first: ResourceRef) => string = duplicateMessage): Named[] {
  const { kept, rejected } = firstClaimWins(items, (n) => n.ref, keyOf, describe);
  for (const r of rejected) diagnostics.push(toDiagnostic(error(["metadata", "name"], r.message), r.item.origin, r.item.ref));
  return kept;
}

/** Only the Module named `ambassador` is global, and only one of them (across namespaces). */
function selectModules(items: readonly Named[], diagnostics: Diagnostic[]): Named[] {
  const kept = items.filter((n) => {
    if (n.kind !== "Module" || n.ref.name === GLOBAL_MODULE) return true;
    diagnostics.push(toDiagnostic(warning(["metadata", "name"],
      `only the Module named "${GLOBAL_MODULE}" is used (ignored)`), n.origin, n.ref));
    return false;
  });
  return keepFirst(kept, (n) => (n.kind === "Module" ? "Module" : undefined), diagnostics,
    (first) => `only one Module "${GLOBAL_MODULE}" is allowed; ${formatRef(first)} is used`);
}

interface Validated {
  readonly named: Named;
  readonly resource: Resource;
}

function validateAll(items: readonly Named[], diagnostics: Diagnostic[]): Validated[] {
  const out: Validated[] = [];
  for (const n of items) {
    const r = validateResource(n);
    for (const i of r.issues) diagnostics.push(toDiagnostic(i, n.origin, n.ref));
    if (r.resource) out.push({ named: n, resource: r.resource });
  }
  return out;
}

/** Two Listeners on one port cannot both bind it: the first (in file order) keeps it. */
function uniquePorts(items: readonly Validated[], diagnostics: Diagnostic[]): Resource[] {
  const { kept, rejected } = firstClaimWins(items, (v) => v.named.ref,
    (v) => (v.resource.kind === "Listener" ? String(v.resource.spec.port) : undefined),
    (first) => `port is already used by ${formatRef(first)}`);
  for (const r of rejected) {
    diagnostics.push(toDiagnostic(error(["spec", "port"], r.message), r.item.named.origin, r.item.named.ref));
  }
  return kept.map((v) => v.resource);
}

function assemble(resources: readonly Resource[], diagnostics: Diagnostic[], otherInstances: ResourceRef[]): ResourceSet {
  const of = <K extends Resource["kind"]>(k: K) =>
    resources.filter((r): r is Extract<Resource, { kind: K }> => r.kind === k);
  const module: Module | undefined = of("Module")[0];
  return {
    mappings: sortByName<Mapping>(of("Mapping")),
    hosts: sortByName<Host>(of("Host")),
    listeners: sortByName<Listener>(of("Listener")),
    ...(module ? { module } : {}),
    services: sortByName<Service>(of("Service")),
    diagnostics: [...diagnostics].sort(compareDiagnostics),
    otherInstances: [...otherInstances].sort((a, b) => cmpRef(a, b)),
  };
}

function sortByName<T extends { readonly meta: { readonly ref: ResourceRef } }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => cmpRef(a.meta.ref, b.meta.ref));
}

function cmpRef(a: ResourceRef, b: ResourceRef): number {
  return cmp(a.namespace, b.namespace) || cmp(a.name, b.name) || cmp(a.kind, b.kind);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
