// The resources stage: raw documents in, a typed and validated ResourceSet out.
// Pure and deterministic: the same documents always give the same set and diagnostics.
import type { SourceDocument } from "../core/source-document.js";
import { expandAnnotation } from "./annotation.js";
import { isForInstance } from "./ambassador-id.js";
import type { Candidate, Named } from "./candidate.js";
import { compareDiagnostics, type Diagnostic, type ResourceRef } from "../core/diagnostics.js";
import { DEFAULT_REGEX_MAX_SIZE, regexMaxSizeOf, type CheckContext } from "./checks/check-result.js";
import { dropDuplicates, selectModules, uniquePorts, type Validated } from "./claims.js";
import { collectDocument } from "./documents.js";
import { compareRefs } from "./duplicates.js";
import { readMetadata } from "./metadata.js";
import { toDiagnostic } from "./to-diagnostic.js";
import type { EndpointSlice, Host, Listener, Mapping, Module, Resolver, Resource, ResourceOptions, ResourceSet, Secret, Service, TLSContext } from "./types.js";
import { validateResource } from "./validate-resource.js";
import { ResourceMemo } from "./memo.js";
import { ingressClasses, ingressMappings, isOurIngress } from "./ingress.js";
import { isPlainObject } from "./values.js";

export { ResourceMemo } from "./memo.js";
export { warmSchemas } from "./schema-validator.js";
export { parseServiceRef, formatServiceRef, isServiceRefError } from "./service-ref.js";
export { PROTOCOL_STACKS } from "./checks/listener.js";

/**
 * `memo` carries work over from the previous build of the same options (incremental); omit it
 * for a full rebuild. Both give the same result.
 */
export function buildResourceSet(docs: readonly SourceDocument[], opts: ResourceOptions, memo: ResourceMemo = new ResourceMemo()): ResourceSet {
  const diagnostics: Diagnostic[] = [];
  const named: Named[] = [];
  for (const doc of docs) {
    const found = memo.found(doc, () => findResources(doc, opts.defaultNamespace));
    named.push(...found.named);
    diagnostics.push(...found.diagnostics);
  }
  const mine: Named[] = [];
  const otherInstances: ResourceRef[] = [];
  for (const n of withIngressMappings(named, opts.defaultNamespace, diagnostics)) {
    if (n.kind === "Service" || n.kind === "EndpointSlice" || n.kind === "Secret" || isForInstance(n.spec, opts.ambassadorId)) mine.push(n);
    else otherInstances.push(n.ref);
  }
  const unique = dropDuplicates(mine, diagnostics, opts.incumbents);
  const validated = validateAll(selectModules(unique, diagnostics), diagnostics, memo);
  return assemble(uniquePorts(validated, diagnostics), diagnostics, otherInstances);
}

function findResources(doc: SourceDocument, defaultNamespace: string): { named: Named[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const candidates: Candidate[] = [];
  collectDocument(doc, defaultNamespace, { candidates, diagnostics });
  return { named: nameAll(candidates, defaultNamespace, diagnostics), diagnostics };
}

/** Ingresses that are attache's become Mappings; Ingress and IngressClass objects themselves go. */
function withIngressMappings(named: readonly Named[], defaultNamespace: string, diagnostics: Diagnostic[]): Named[] {
  if (!named.some((n) => n.kind === "Ingress")) return named.filter((n) => n.kind !== "IngressClass");
  const classes = ingressClasses(named);
  const ports = new Map<string, Named>(named.filter((n) => n.kind === "Service").map((n) => [`${n.ref.namespace}/${n.ref.name}`, n]));
  const lookupPort = (ns: string, svc: string, portName: string): number | undefined => {
    // The Service is not validated yet: read its ports defensively.
    const spec = ports.get(`${ns}/${svc}`)?.spec;
    const list: unknown[] = isPlainObject(spec) && Array.isArray(spec.ports) ? spec.ports : [];
    const found = list.find((p) => isPlainObject(p) && p.name === portName);
    return isPlainObject(found) && typeof found.port === "number" ? found.port : undefined;
  };
  const out: Named[] = [];
  for (const n of named) {
    if (n.kind === "IngressClass") continue;
    if (n.kind !== "Ingress") {
      out.push(n);
      continue;
    }
    if (!isOurIngress(n, classes)) continue;
    const { candidates, issues } = ingressMappings(n, lookupPort);
    for (const i of issues) diagnostics.push(toDiagnostic(i, n.origin, n.ref));
    for (const c of candidates) {
      const md = readMetadata(c, defaultNamespace);
      for (const i of md.issues) diagnostics.push(toDiagnostic(i, n.origin, n.ref));
      if (md.named) out.push(md.named);
    }
  }
  return out;
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

/** The Module first: its settings (regex_max_size) apply to the checks of everything else. */
function validateAll(items: readonly Named[], diagnostics: Diagnostic[], memo: ResourceMemo): Validated[] {
  const out: Validated[] = [];
  const run = (n: Named, ctx: CheckContext): void => {
    const r = memo.validated(n, ctx.regexMaxSize, () => validateResource(n, ctx));
    for (const i of r.issues) diagnostics.push(toDiagnostic(i, n.origin, n.ref));
    if (r.resource) out.push({ named: n, resource: r.resource });
  };
  const defaults: CheckContext = { regexMaxSize: DEFAULT_REGEX_MAX_SIZE };
  for (const n of items) if (n.kind === "Module") run(n, defaults);
  const module = out.map((v) => v.resource).find((r): r is Module => r.kind === "Module");
  const ctx: CheckContext = { regexMaxSize: regexMaxSizeOf(module) };
  for (const n of items) if (n.kind !== "Module") run(n, ctx);
  return out;
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
    endpointSlices: sortByName<EndpointSlice>(of("EndpointSlice")),
    secrets: sortByName<Secret>(of("Secret")),
    tlsContexts: sortByName<TLSContext>(of("TLSContext")),
    resolvers: sortByName<Resolver>([...of("KubernetesServiceResolver"), ...of("KubernetesEndpointResolver"), ...of("ConsulResolver")]),
    diagnostics: [...diagnostics].sort(compareDiagnostics),
    otherInstances: [...otherInstances].sort(compareRefs),
  };
}

function sortByName<T extends { readonly meta: { readonly ref: ResourceRef } }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => compareRefs(a.meta.ref, b.meta.ref));
}
