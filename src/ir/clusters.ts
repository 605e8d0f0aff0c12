// Upstream clusters: Mappings that target the same service with the same settings share one
// cluster (thousands of clusters make every CDS update slow in Envoy). Names derive from the
// upstream and its settings, so they survive unrelated edits.
import { isIP } from "node:net";
import type { ResourceRef } from "../core/diagnostics.js";
import type { EndpointSlice, Mapping, Resolver, Service, ServicePort, UpstreamDefaults } from "../resources/types.js";
import { clusterOptionsFor } from "./cluster-options.js";
import { compareStrings } from "../util/compare.js";
import { shortHash } from "../util/hash.js";
import { DEFAULT_CONNECT_TIMEOUT_MS } from "./settings.js";
import type { ClusterSpec, IRCluster, IREndpoint } from "./types.js";

export type { ClusterSpec };

export type ServiceIndex = ReadonlyMap<string, Service>;

/** Everything besides the Mapping itself that decides where its traffic goes. */
export interface ResolveContext {
  readonly services: ServiceIndex;
  /** EndpointSlices by `namespace/service`. */
  readonly slices: ReadonlyMap<string, readonly EndpointSlice[]>;
  /** Resolvers by name (the first by namespace when a name is used twice). */
  readonly resolvers: ReadonlyMap<string, Resolver>;
  /** The Module's `resolver`. */
  readonly defaultResolver?: string;
  /** The Module's defaults for upstream settings (circuit breakers, load balancer, ...). */
  readonly upstream?: UpstreamDefaults;
}

function indexServices(services: readonly Service[]): ServiceIndex {
  return new Map(services.map((s) => [`${s.meta.ref.namespace}/${s.meta.ref.name}`, s]));
}

export function resolveContext(services: readonly Service[], slices: readonly EndpointSlice[], resolvers: readonly Resolver[], defaultResolver?: string, upstream?: UpstreamDefaults): ResolveContext {
  const byService = new Map<string, EndpointSlice[]>();
  for (const slice of slices) {
    if (!slice.serviceName) continue;
    const key = `${slice.meta.ref.namespace}/${slice.serviceName}`;
    byService.set(key, [...(byService.get(key) ?? []), slice]);
  }
  const byName = new Map<string, Resolver>();
  for (const r of resolvers) if (!byName.has(r.meta.ref.name)) byName.set(r.meta.ref.name, r);
  return { services: indexServices(services), slices: byService, resolvers: byName, defaultResolver, upstream };
}

/** The resolver a Mapping names (or the Module's default) when it is not defined: worth a warning. */
export function missingResolver(mapping: Mapping, ctx: ResolveContext): string | undefined {
  const name = (mapping.spec.resolver) ?? ctx.defaultResolver;
  return name !== undefined && !ctx.resolvers.has(name) ? name : undefined;
}

/**
 * Where a Mapping's traffic goes: an IP literal is its own endpoint; with a
 * KubernetesEndpointResolver the Service's ready EndpointSlice endpoints (pushed over EDS);
 * otherwise, as Ambassador's default KubernetesServiceResolver, the Service's DNS name.
 */
export function clusterSpecFor(mapping: Mapping, ctx: ResolveContext): ClusterSpec {
  const spec = baseClusterSpec(mapping, ctx);
  const options = clusterOptionsFor(mapping, ctx.upstream);
  return options ? { ...spec, options } : spec;
}

function baseClusterSpec(mapping: Mapping, ctx: ResolveContext): ClusterSpec {
  const services = ctx.services;
  const ref = mapping.service;
  const tls = ref.scheme === "https";
  const defaultPort = tls ? 443 : 80;
  const connectTimeoutMs = mapping.spec.connect_timeout_ms ?? DEFAULT_CONNECT_TIMEOUT_MS;
  const host = ref.host.replace(/^\[|\]$/g, "");
  if (isIP(host)) {
    const port = ref.port ?? defaultPort;
    return { discovery: "EDS", host, port, tls, connectTimeoutMs, endpoints: [{ address: host, port }] };
  }
  const namespace = ref.namespace ?? mapping.meta.ref.namespace;
  const service = host.includes(".") && !ref.namespace ? undefined : services.get(`${namespace}/${host}`);
  const port = ref.port ?? servicePort(service) ?? defaultPort;
  const dnsName = dnsNameFor(host, ref.namespace, namespace, service);
  if (resolverKind(mapping, ctx) === "KubernetesEndpointResolver" && service?.spec.type !== "ExternalName") {
    const endpoints = sliceEndpoints(ctx.slices.get(`${namespace}/${host}`) ?? [], servicePortFor(service, port), port);
    return { discovery: "EDS", host: dnsName, port, tls, connectTimeoutMs, endpoints };
  }
  if (service?.spec.clusterIP && isIP(service.spec.clusterIP)) {
    const address = service.spec.clusterIP;
    return { discovery: "EDS", host: address, port, tls, connectTimeoutMs, endpoints: [{ address, port }] };
  }
  return { discovery: "STRICT_DNS", host: dnsName, port, tls, connectTimeoutMs, endpoints: [] };
}

function resolverKind(mapping: Mapping, ctx: ResolveContext): Resolver["kind"] | undefined {
  const name = (mapping.spec.resolver) ?? ctx.defaultResolver;
  return name === undefined ? undefined : ctx.resolvers.get(name)?.kind;
}

function servicePortFor(service: Service | undefined, port: number): ServicePort | undefined {
  return service?.spec.ports.find((p) => p.port === port);
}

// The Service port leads to the pods' port: by the Service port's name (EndpointSlice ports
// carry it), else a numeric targetPort, else the same number.
function sliceEndpoints(slices: readonly EndpointSlice[], sp: ServicePort | undefined, port: number): IREndpoint[] {
  const out = new Map<string, IREndpoint>();
  for (const slice of slices) {
    if (slice.addressType === "FQDN") continue;
    const target = slice.ports.find((p) => (sp?.name ? p.name === sp.name : true))?.port
      ?? (typeof sp?.targetPort === "number" ? sp.targetPort : port);
    for (const e of slice.endpoints) {
      if (!e.ready) continue;
      for (const address of e.addresses) out.set(`${address}:${target}`, { address, port: target });
    }
  }
  return [...out.values()].sort((a, b) => compareStrings(a.address, b.address) || a.port - b.port);
}

function servicePort(service: Service | undefined): number | undefined {
  const ports = service?.spec.ports ?? [];
  if (ports.length === 1) return ports[0]?.port;
  return ports.find((p) => p.name === "http")?.port;
}

// A bare name is a Service in the Mapping's namespace (`name.namespace`), as in-cluster DNS
// resolves it; `localhost` and names with dots are used as written.
function dnsNameFor(host: string, explicitNs: string | undefined, ns: string, service: Service | undefined): string {
  if (service?.spec.type === "ExternalName" && service.spec.externalName) return service.spec.externalName;
  if (explicitNs) return `${host}.${explicitNs}`;
  if (host === "localhost" || host.includes(".")) return host;
  return `${host}.${ns}`;
}

// Endpoints are left out: they follow from the rest, and moving endpoints must never rename a
// cluster (only its ClusterLoadAssignment changes).
function specKey(s: ClusterSpec): string {
  // Options and upstream TLS only when set, so clusters without them keep the names they always had.
  return JSON.stringify([s.discovery, s.host, s.port, s.tls, s.connectTimeoutMs, ...(s.upstreamTls ? [s.upstreamTls] : []), ...(s.options ? [s.options] : [])]);
}

/** Collects cluster specs from many Mappings, then names them all at once. */
export class ClusterCollector {
  private readonly specs = new Map<string, { spec: ClusterSpec; sources: Map<string, ResourceRef> }>();

  add(spec: ClusterSpec, source: ResourceRef, memo?: { specKey(s: ClusterSpec, compute: (s: ClusterSpec) => string): string }): string {
    const key = memo ? memo.specKey(spec, specKey) : specKey(spec);
    let entry = this.specs.get(key);
    if (!entry) {
      entry = { spec, sources: new Map() };
      this.specs.set(key, entry);
    }
    entry.sources.set(`${source.kind}/${source.namespace}/${source.name}`, source);
    return key;
  }

  /** Final clusters sorted by name, and the name of each spec key. */
  finish(): { clusters: IRCluster[]; nameOf: (key: string) => string } {
    const names = assignNames([...this.specs.entries()].map(([key, e]) => ({ key, spec: e.spec })));
    const nameOf = (key: string): string => {
      const name = names.get(key);
      // Every key added was named just above: a miss is a bug here, not bad input.
      if (name === undefined) throw new Error(`no cluster name for spec key ${key}`);
      return name;
    };
    const clusters = [...this.specs.entries()].map(([key, e]) => ({
      name: nameOf(key),
      ...e.spec,
      sources: [...e.sources.entries()].sort(([a], [b]) => compareStrings(a, b)).map(([, r]) => r),
    }));
    clusters.sort((a, b) => compareStrings(a.name, b.name));
    return { clusters, nameOf };
  }
}

// `cluster_<host>_<port>` for the common settings; other settings, or a clash between two
// different upstreams that sanitize to the same text, get a content hash suffix. Adding a
// variant never renames the plain cluster, so its routes and connections are left alone.
function assignNames(entries: { key: string; spec: ClusterSpec }[]): Map<string, string> {
  const base = (s: ClusterSpec) =>
    `cluster_${s.tls ? "https_" : ""}${s.host.replace(/[^A-Za-z0-9]+/g, "_")}_${s.port}${s.discovery === "EDS" && !isIP(s.host) ? "_eds" : ""}`;
  // Plain `https://` (no TLSContext) keeps the plain name; a context's settings, or other options, are a variant.
  const isDefault = (s: ClusterSpec) => s.connectTimeoutMs === DEFAULT_CONNECT_TIMEOUT_MS && s.upstreamTls?.context === undefined && s.options === undefined;
  const byBase = new Map<string, number>();
  for (const e of entries) if (isDefault(e.spec)) byBase.set(base(e.spec), (byBase.get(base(e.spec)) ?? 0) + 1);
  const names = new Map<string, string>();
  for (const e of entries) {
    const b = base(e.spec);
    const plain = isDefault(e.spec) && byBase.get(b) === 1;
    names.set(e.key, plain ? b : `${b}_${shortHash(e.key, 8)}`);
  }
  return names;
}
