// Hand-built, already-valid resources for stage tests that start after validation.
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

function parseRef(s: string): ServiceRef {
  const m = /^(?:(https?):\/\/)?([^:/]+)(?::(\d+))?$/.exec(s);
  if (!m) throw new Error(`bad service in fixture: ${s}`);
  const [, scheme, hostPart = "", port] = m;
  const parts = hostPart.split(".");
  const isIp = /^\d+\.\d+\.\d+\.\d+$/.test(hostPart);
  return {
    scheme: scheme as ServiceRef["scheme"],
    host: !isIp && parts.length === 2 ? (parts[0] as string) : hostPart,
    namespace: !isIp && parts.length === 2 ? parts[1] : undefined,
    port: port ? Number(port) : undefined,
  };
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
