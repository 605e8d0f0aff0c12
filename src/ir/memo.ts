// What the IR stage remembers between builds, so that a change to one resource recomputes only
// what depends on it. Entries are keyed by the identity of the (immutable) resource objects the
// resources stage hands over; a build with a fresh memo is the full rebuild, and both give the
// same IR (a test checks this over random edit sequences).
import type { Diagnostic } from "../core/diagnostics.js";
import type { EndpointSlice, Mapping, Resolver, Service, UpstreamDefaults } from "../resources/types.js";
import { clusterSpecFor, resolveContext, type ClusterSpec, type ResolveContext } from "./clusters.js";
import { matchKey, routeMatchFor } from "./route-match.js";
import type { RouteMember } from "./routes.js";
import type { RouteDefaults } from "./route-settings.js";
import type { IRRoute, IRRouteMatch } from "./types.js";

interface RouteEntry {
  readonly members: readonly RouteMember[];
  readonly defaultsKey: string;
  readonly route: IRRoute | undefined;
  readonly warnings: readonly Diagnostic[];
}

export class IRMemo {
  private readonly matches = new WeakMap<Mapping, { match: IRRouteMatch; matchKey: string }>();
  private readonly clusterSpecs = new WeakMap<Mapping, { ctx: ResolveContext; spec: ClusterSpec }>();
  private resolve: { inputs: readonly unknown[]; ctx: ResolveContext } | undefined;
  private routes = new Map<string, Map<string, RouteEntry>>();
  private usedRoutes = new Map<string, Map<string, RouteEntry>>();
  private sorted = new Map<string, readonly IRRoute[]>();
  private usedSorted = new Map<string, readonly IRRoute[]>();
  private readonly specKeys = new WeakMap<ClusterSpec, string>();

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
  resolveContext(services: readonly Service[], slices: readonly EndpointSlice[], resolvers: readonly Resolver[], defaultResolver?: string, upstream?: UpstreamDefaults): ResolveContext {
    const inputs = [...services, "|", ...slices, "|", ...resolvers, "|", defaultResolver, upstream];
    const prev = this.resolve;
    if (prev && prev.inputs.length === inputs.length && prev.inputs.every((x, i) => x === inputs[i])) return prev.ctx;
    const ctx = resolveContext(services, slices, resolvers, defaultResolver, upstream);
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

  /**
   * A route is rebuilt only when its members (Mappings and clusters) or the Module's route
   * defaults changed. `vhost` and `matchKey` identify it.
   */
  route(vhost: string, matchKey: string, members: readonly RouteMember[], defaults: RouteDefaults, build: (report: (d: Diagnostic) => void) => IRRoute | undefined, report: (d: Diagnostic) => void): IRRoute | undefined {
    let entry = this.routes.get(vhost)?.get(matchKey);
    if (!entry || entry.defaultsKey !== defaults.key || !sameMembers(entry.members, members)) {
      const warnings: Diagnostic[] = [];
      entry = { members, defaultsKey: defaults.key, route: build((d) => warnings.push(d)), warnings };
    }
    entry.warnings.forEach(report);
    let used = this.usedRoutes.get(vhost);
    if (!used) this.usedRoutes.set(vhost, (used = new Map()));
    used.set(matchKey, entry);
    return entry.route;
  }

  /**
   * `routes` in order. Starting from the previous order of the same virtual host, only routes
   * that were added are placed (binary insertion), so one change does not re-sort 10,000 routes.
   */
  sortRoutes(vhost: string, routes: readonly IRRoute[], compare: (a: IRRoute, b: IRRoute) => number): readonly IRRoute[] {
    const prev = this.sorted.get(vhost);
    let out: IRRoute[];
    if (!prev) {
      out = [...routes].sort(compare);
    } else {
      const now = new Set(routes);
      const had = new Set(prev);
      out = prev.filter((r) => now.has(r));
      const added = routes.filter((r) => !had.has(r));
      if (added.length > out.length / 4) out = [...routes].sort(compare);
      else for (const r of added) out.splice(insertionPoint(out, r, compare), 0, r);
    }
    this.usedSorted.set(vhost, out);
    return out;
  }

  /** The grouping key of a (cached) cluster spec. */
  specKey(spec: ClusterSpec, compute: (s: ClusterSpec) => string): string {
    let key = this.specKeys.get(spec);
    if (key === undefined) {
      key = compute(spec);
      this.specKeys.set(spec, key);
    }
    return key;
  }

  /** Forgets routes the last build did not use. */
  endBuild(): void {
    this.routes = this.usedRoutes;
    this.usedRoutes = new Map();
    this.sorted = this.usedSorted;
    this.usedSorted = new Map();
  }
}

function insertionPoint(sorted: readonly IRRoute[], r: IRRoute, compare: (a: IRRoute, b: IRRoute) => number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const at = sorted[mid];
    if (at !== undefined && compare(at, r) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function sameMembers(a: readonly RouteMember[], b: readonly RouteMember[]): boolean {
  return a.length === b.length && a.every((m, i) => m.mapping === b[i]?.mapping && m.cluster === b[i]?.cluster);
}
