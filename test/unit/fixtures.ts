// Hand-built, already-valid resources for stage tests that start after validation.
import { isServiceRefError, parseServiceRef } from "../../src/resources/service-ref.js";
import type { Host, Listener, Mapping, MappingSpec, ResourceSet, ServiceRef } from "../../src/resources/types.js";

export function mapping(name: string, spec: Partial<MappingSpec> & { service?: string }, opts: { namespace?: string; labels?: Record<string, string> } = {}): Mapping {
  const service = spec.service ?? "backend";
  return {
    kind: "Mapping",
    meta: { ref: { kind: "Mapping", namespace: opts.namespace ?? "default", name }, labels: opts.labels ?? {}, annotations: {} },
    spec: { prefix: "/", ...spec, service },
    service: parseRef(service),
  };
}

// The resources stage's own parser, so fixtures mean what a validated Mapping would.
function parseRef(s: string): ServiceRef {
  const ref = parseServiceRef(s);
  if (isServiceRefError(ref)) throw new Error(`bad service in fixture: ${s}: ${ref.error}`);
  return ref;
}

export function host(name: string, spec: Host["spec"], labels: Record<string, string> = {}): Host {
  return { kind: "Host", meta: { ref: { kind: "Host", namespace: "default", name }, labels, annotations: {} }, spec };
}

export function listener(name: string, port: number, extra: Partial<Listener["spec"]> = {}): Listener {
  return {
    kind: "Listener",
    meta: { ref: { kind: "Listener", namespace: "default", name }, labels: {}, annotations: {} },
    spec: { port, protocol: "HTTP", securityModel: "XFP", ...extra },
    stack: ["HTTP", "TCP"],
  };
}

export function resourceSet(parts: Partial<ResourceSet>): ResourceSet {
  return { mappings: [], hosts: [], listeners: [], services: [], diagnostics: [], ...parts };
}
