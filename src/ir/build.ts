// ResourceSet -> IR. Pure and deterministic: the same resources give the same IR, in the same
// order, whatever order they arrived in.
import type { Diagnostic, ResourceRef } from "../core/diagnostics.js";
import type { Mapping, ResourceSet } from "../resources/types.js";
import { compareStrings } from "../util/compare.js";
import { invalidCanaryMembers } from "./canary.js";
import { ClusterCollector, missingResolver } from "./clusters.js";
import { hostBindsToListener, hostInfos, mappingJoinsHost, type HostInfo } from "./hosts.js";
import { listenerInfos, type ListenerInfo } from "./listeners.js";
import { compareRoutes } from "./route-order.js";
import { IRMemo } from "./memo.js";
import { buildRoute, type RouteMember } from "./routes.js";
import { buildObservability } from "./observability.js";
import { buildSettings } from "./settings.js";
import { routeDefaults, type RouteDefaults } from "./route-settings.js";
import { SecretCollector, TlsIndex } from "./tls-index.js";
import type { IR, IRGlobalSettings, IRListener, IRListenerTls, IRTlsChain, IRVirtualHost } from "./types.js";
import { checkContextReferences, withUpstreamTls } from "./upstream-tls.js";

export interface IROptions {
  /** Port of the HTTP listener used when there are no Listener resources. */
  readonly defaultListenerPort: number;
  /** Port of the HTTPS listener added when there are no Listener resources and some Host has a certificate. */
  readonly defaultTlsListenerPort?: number;
  readonly listenerAddress: string;
}

const DEFAULT_IR_OPTIONS: IROptions = { defaultListenerPort: 8080, defaultTlsListenerPort: 8443, listenerAddress: "0.0.0.0" };

/** `memo` carries work over from the previous build (incremental); omit it for a full rebuild. */
export function buildIR(rs: ResourceSet, opts: IROptions = DEFAULT_IR_OPTIONS, memo: IRMemo = new IRMemo()): IR {
  const diagnostics: Diagnostic[] = [];
  const report = (d: Diagnostic) => diagnostics.push(d);
  const settings = withObservability(buildSettings(rs.module), rs, report);
  const index = new TlsIndex(rs.secrets ?? [], rs.tlsContexts ?? []);
  const secrets = new SecretCollector();
  checkContextReferences(rs.tlsContexts ?? [], index, report);
  const members = routeMembers(rs, memo, { index, secrets }, report);
  const hosts = hostInfos(rs.hosts, index, secrets, report);
  const defaultTimeout = routeDefaults(rs.module);
  const joined = new Set<Mapping>();
  const ctx: BuildContext = { memo, joined, report, vhosts: new Map() };
  const ports = { http: opts.defaultListenerPort, https: opts.defaultTlsListenerPort ?? 8443 };
  const listeners = listenerInfos(rs.listeners, hosts, ports, report).map((l) =>
    buildListener(l, hosts, members.list, defaultTimeout, opts, settings, ctx),
  );
  memo.endBuild();
  for (const m of members.list) {
    if (joined.has(m.mapping)) continue;
    report({ severity: "warning", stage: "ir", ref: m.mapping.meta.ref, field: "spec.hostname",
      message: "this Mapping joins no Host on any Listener, so it serves no traffic (check hostname and the Hosts' mappingSelector)" });
  }
  return { listeners, clusters: members.clusters, secrets: secrets.list(), settings, diagnostics: dedupe(diagnostics) };
}

// Access logs and tracing are connection-manager settings like the Module's: every listener has them.
function withObservability(base: IRGlobalSettings, rs: ResourceSet, report: (d: Diagnostic) => void): IRGlobalSettings {
  const o = buildObservability(rs);
  o.diagnostics.forEach(report);
  if (!o.sources.length) return base;
  const { sources, diagnostics: _d, ...parts } = o;
  return { ...base, ...parts, sources: [...base.sources, ...sources] };
}

interface BuildContext {
  readonly memo: IRMemo;
  /** A Host's virtual host is the same on every Listener it binds to: built once per build. */
  readonly vhosts: Map<HostInfo, IRVirtualHost>;
  readonly joined: Set<Mapping>;
  readonly report: (d: Diagnostic) => void;
}

function routeMembers(rs: ResourceSet, memo: IRMemo, tls: { index: TlsIndex; secrets: SecretCollector }, report: (d: Diagnostic) => void) {
  const resolve = memo.resolveContext(rs.services, rs.endpointSlices ?? [], rs.resolvers ?? [], rs.module?.config.resolver, rs.module?.config);
  const matched = rs.mappings.map((mapping) => ({ mapping, ...memo.match(mapping) }));
  const groups = new Map<string, Mapping[]>();
  for (const m of matched) {
    const group = groups.get(m.matchKey);
    if (group) group.push(m.mapping);
    else groups.set(m.matchKey, [m.mapping]);
  }
  const { rejected, diagnostics } = invalidCanaryMembers(groups);
  diagnostics.forEach(report);
  const collector = new ClusterCollector();
  const pending = matched
    .filter((m) => !rejected.has(m.mapping))
    .flatMap((m): { mapping: Mapping; match: RouteMember["match"]; matchKey: string; clusterKey: string | undefined }[] => {
      // A redirect proxies nothing: no cluster.
      if (m.mapping.spec.host_redirect === true) return [{ ...m, clusterKey: undefined }];
      const upstream = withUpstreamTls(m.mapping, memo.clusterSpec(m.mapping, resolve), tls.index, tls.secrets, report);
      return "rejected" in upstream ? [] : [{ ...m, clusterKey: collector.add(upstream.spec, m.mapping.meta.ref, memo) }];
    });
  const { clusters, nameOf } = collector.finish();
  for (const m of pending) {
    const missing = missingResolver(m.mapping, resolve);
    if (missing) report({ severity: "warning", stage: "ir", ref: m.mapping.meta.ref, field: "spec.resolver",
      message: `no resolver named "${missing}": using the Service's DNS name (KubernetesServiceResolver)` });
  }
  const list: RouteMember[] = pending.map((m) => ({ mapping: m.mapping, match: m.match, matchKey: m.matchKey, cluster: m.clusterKey === undefined ? "" : nameOf(m.clusterKey) }));
  return { list, clusters };
}

function buildListener(
  l: ListenerInfo, hosts: readonly HostInfo[], members: readonly RouteMember[], defaultTimeout: RouteDefaults,
  opts: IROptions, settings: IRGlobalSettings, ctx: BuildContext,
): IRListener {
  const name = `listener-${l.port}`;
  const claimed = new Map<string, HostInfo>();
  const virtualHosts: IRVirtualHost[] = [];
  for (const h of hosts) {
    if (!hostBindsToListener(h, l.resource) || (l.binds && !l.binds(h))) continue;
    const owner = claimed.get(h.hostname);
    if (owner) {
      ctx.report({ severity: "error", stage: "ir", ref: h.ref, field: "spec.hostname",
        message: `hostname "${h.hostname}" is already served by Host ${owner.name} on port ${l.port}` });
      continue;
    }
    claimed.set(h.hostname, h);
    let vh = ctx.vhosts.get(h);
    if (!vh) ctx.vhosts.set(h, (vh = buildVirtualHost(h, members, defaultTimeout, ctx)));
    virtualHosts.push(vh);
  }
  virtualHosts.sort((a, b) => compareStrings(a.name, b.name));
  const bound = hosts.filter((h) => claimed.get(h.hostname) === h);
  const tls = l.tls ? listenerTls(name, l, bound, ctx) : undefined;
  warnUntrustedXfp(l, hosts.filter((h) => claimed.get(h.hostname) === h), trustedHops(l, settings), ctx.report);
  const sources: ResourceRef[] = l.resource ? [l.resource.meta.ref] : [];
  return {
    name,
    bindAddress: opts.listenerAddress,
    port: l.port,
    securityModel: l.securityModel,
    useProxyProtocol: l.useProxyProtocol,
    statsPrefix: l.statsPrefix,
    l7Depth: l.resource?.spec.l7Depth,
    http2MaxConcurrentStreams: l.resource?.spec.http2MaxConcurrentStreams,
    routeConfigName: `${name}-routes`,
    virtualHosts,
    ...(tls ? { tls } : {}),
    sources,
  };
}

// One SNI chain per Host with a certificate. Unknown or missing SNI gets the `*` Host's
// certificate, else the first such Host's by namespace/name: a certificate that may not match
// beats a failed handshake, and the choice never depends on input order.
function listenerTls(name: string, l: ListenerInfo, bound: readonly HostInfo[], ctx: BuildContext): IRListenerTls | undefined {
  const chains: IRTlsChain[] = [];
  for (const h of bound) {
    if (!h.tls) continue;
    chains.push({ name: h.name, serverNames: h.hostname === "*" ? [] : [h.hostname], tls: h.tls, sources: h.ref ? [h.ref] : [] });
  }
  if (chains.length === 0) {
    if (l.resource) ctx.report({ severity: "warning", stage: "ir", ref: l.resource.meta.ref, field: "spec.protocolStack",
      message: "no Host with a certificate binds to this Listener: it serves cleartext HTTP only" });
    return undefined;
  }
  chains.sort((a, b) => compareStrings(a.name, b.name));
  const [first] = chains;
  const fallback = chains.find((c) => c.serverNames.length === 0) ?? first;
  if (!fallback) return undefined;
  const virtualHosts = bound.flatMap((h) => {
    const vh = h.tls ? ctx.vhosts.get(h) : undefined;
    return vh ? [vh] : [];
  }).sort((a, b) => compareStrings(a.name, b.name));
  return { chains, fallback, routeConfigName: `${name}-tls-routes`, virtualHosts };
}

function buildVirtualHost(h: HostInfo, members: readonly RouteMember[], defaultTimeout: RouteDefaults, ctx: BuildContext): IRVirtualHost {
  const groups = new Map<string, RouteMember[]>();
  for (const m of members) {
    if (!mappingJoinsHost(m.mapping, h)) continue;
    ctx.joined.add(m.mapping);
    const group = groups.get(m.matchKey);
    if (group) group.push(m);
    else groups.set(m.matchKey, [m]);
  }
  const built = [...groups].flatMap(([key, g]) =>
    ctx.memo.route(h.name, key, g, defaultTimeout, (report) => buildRoute(g, defaultTimeout, report), ctx.report) ?? [],
  );
  const routes = ctx.memo.sortRoutes(h.name, built, compareRoutes);
  return {
    name: h.name,
    hostname: h.hostname,
    domains: [h.hostname],
    insecureAction: h.insecureAction,
    routes,
    sources: h.ref ? [h.ref] : [],
  };
}

function trustedHops(l: ListenerInfo, s: IRGlobalSettings): number {
  return l.resource?.spec.l7Depth ?? s.xffNumTrustedHops;
}

// Envoy rewrites X-Forwarded-Proto unless it trusts the hop in front: with no trusted hops an
// XFP Listener sees every cleartext request as insecure, which users rarely mean.
function warnUntrustedXfp(l: ListenerInfo, hosts: readonly HostInfo[], hops: number, report: (d: Diagnostic) => void): void {
  if (l.securityModel !== "XFP" || hops > 0) return;
  for (const h of hosts) {
    if (h.insecureAction === "Route" || !h.ref) continue;
    report({ severity: "warning", stage: "ir", ref: h.ref, field: "spec.requestPolicy.insecure.action",
      message: `on port ${l.port} (securityModel XFP) no proxy hop is trusted (Listener l7Depth / Module xff_num_trusted_hops), so Envoy overwrites X-Forwarded-Proto and ${h.insecureAction} applies to every cleartext request` });
  }
}

// The same problem seen from several listeners or virtual hosts is reported once.
function dedupe(ds: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return ds.filter((d) => {
    const key = JSON.stringify([d.severity, d.ref, d.field, d.message]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
