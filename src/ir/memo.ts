// What the IR stage remembers between builds, so that a change to one resource recomputes only
// what depends on it. Entries are keyed by the identity of the (immutable) resource objects the
// resources stage hands over; a build with a fresh memo is the full rebuild, and both give the
// same IR (a test checks this over random edit sequences).
import type { Diagnostic } from "../resources/diagnostics.js";
import type { EndpointSlice, Mapping, Resolver, Service } from "../resources/types.js";
import { clusterSpecFor, resolveContext, type ClusterSpec, type ResolveContext } from "./clusters.js";
import { matchKey, routeMatchFor } from "./route-match.js";
import type { RouteMember } from "./routes.js";
import type { IRRoute, IRRouteMatch } from "./types.js";

interface RouteEntry {
  readonly members: readonly RouteMember[];
  readonly defaultTimeoutMs: number;
  readonly route: IRRoute;
  readonly warnings: readonly Diagnostic[];
}

export class IRMemo {
  private readonly matches = new WeakMap<Mapping, { match: IRRouteMatch; matchKey: string }>();
  private readonly clusterSpecs = new WeakMap<Mapping, { ctx: ResolveContext; spec: ClusterSpec }>();
  private resolve: { inputs: readonly unknown[]; ctx: ResolveContext } | undefined;
  private routes = new Map<string, RouteEntry>();
  private usedRoutes = new Map<string, RouteEntry>();

  match(m: Mapping): { match: IRRouteMatch; matchKey: string } {
    let hit = this.matches.get(m);
    if (!hit) {
      const match = routeMatchFor(m);
      hit = { match, matchKey: matchKey(match) };
      this.matches.set(m, hit);
    }
    return hit;
  }

  /** The same context object for the same Services, slices and resolvers, so cluster specs stay cached. */
  resolveContext(services: readonly Service[], slices: readonly EndpointSlice[], resolvers: readonly Resolver[], defaultResolver?: string): ResolveContext {
    const inputs = [...services, "|", ...slices, "|", ...resolvers, "|", defaultResolver];
    const prev = this.resolve;
    if (prev && prev.inputs.length === inputs.length && prev.inputs.every((x, i) => x === inputs[i])) return prev.ctx;
    const ctx = resolveContext(services, slices, resolvers, defaultResolver);
    this.resolve = { inputs, ctx };
    return ctx;
  }

  clusterSpec(m: Mapping, ctx: ResolveContext): ClusterSpec {
    const hit = this.clusterSpecs.get(m);
    if (hit && hit.ctx === ctx) return hit.spec;
    const spec = clusterSpecFor(m, ctx);
    this.clusterSpecs.set(m, { ctx, spec });
    return spec;
  }

  /** A route is rebuilt only when its members (Mappings and clusters) or the default timeout changed. */
  route(key: string, members: readonly RouteMember[], defaultTimeoutMs: number, build: (report: (d: Diagnostic) => void) => IRRoute, report: (d: Diagnostic) => void): IRRoute {
    let entry = this.routes.get(key);
    if (!entry || entry.defaultTimeoutMs !== defaultTimeoutMs || !sameMembers(entry.members, members)) {
      const warnings: Diagnostic[] = [];
      entry = { members, defaultTimeoutMs, route: build((d) => warnings.push(d)), warnings };
    }
    entry.warnings.forEach(report);
    this.usedRoutes.set(key, entry);
    return entry.route;
  }

  /** Forgets routes the last build did not use. */
  endBuild(): void {
    this.routes = this.usedRoutes;
    this.usedRoutes = new Map();
  }
}

function sameMembers(a: readonly RouteMember[], b: readonly RouteMember[]): boolean {
  return a.length === b.length && a.every((m, i) => m.mapping === b[i]?.mapping && m.cluster === b[i]?.cluster);
}
