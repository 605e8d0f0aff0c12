// What the diagnostics page and `?json=true` show, assembled from the running instance: the
// last translation (documents, resources, IR, Envoy config), the control plane's status and
// the ADS server's per-node status. Rows derived from one translation are built once.
import type { Diagnostic } from "../../core/diagnostics.js";
import type { NodeStatus } from "../../xds/status.js";
import type { NackRecord } from "../../xds/nack.js";
import type { ControlPlaneStatus } from "../../runtime/control-plane.js";
import type { SourceSnapshot } from "../../core/source-document.js";
import type { TranslateResult } from "../../pipeline/translate.js";
import { uniqueRefs } from "./refs.js";
import { clusterRows, type EndpointHealth } from "./clusters.js";
import { resourceDetail } from "./detail.js";
import { countsByKind, fileProblems, resourceRows } from "./resources.js";
import { routeMatches, routeRows } from "./routes.js";
import type { ClusterRow, NackView, Overview, Page, ProxyView, ResourceDetail, ResourceRow, RouteRow } from "./types.js";

export interface DiagState {
  readonly last: { readonly source: SourceSnapshot; readonly result: TranslateResult } | undefined;
  readonly status: ControlPlaneStatus;
  readonly nodes: readonly NodeStatus[];
}

export interface DiagModelOptions {
  readonly read: () => DiagState;
  readonly defaultNamespace?: string;
  /** Endpoint health from Envoy's admin API; undefined when Envoy does not answer. */
  readonly endpointHealth?: () => Promise<EndpointHealth | undefined>;
}

export interface PageQuery {
  readonly q?: string;
  readonly state?: string;
  readonly offset?: number;
  readonly limit?: number;
}

const MAX_LIMIT = 1000;
const routeCache = new WeakMap<TranslateResult, RouteRow[]>();

export class DiagModel {
  constructor(private readonly opts: DiagModelOptions) {}

  overview(): Overview {
    const s = this.opts.read();
    const rows = this.resourceRowsOf(s);
    const all = [...(s.last?.source.diagnostics ?? []), ...s.status.diagnostics];
    return {
      proxies: s.nodes.map(proxyView),
      versions: s.status.versions,
      reconfigurations: s.status.reconfigurations,
      counts: countsByKind(rows),
      totals: {
        routes: this.routes(s).length,
        clusters: s.last?.result.config.clusters.length ?? 0,
        resources: rows.length,
        errors: all.filter((d) => d.severity === "error").length,
        warnings: all.filter((d) => d.severity === "warning").length,
      },
      nacks: nackViews(s.status.nacks, new Set(rows.filter((r) => r.rejected).map((r) => r.key))),
      fileProblems: fileProblems(all),
    };
  }

  routePage(q: PageQuery): Page<RouteRow> {
    const rows = this.routes(this.opts.read());
    return page(rows, (r) => routeMatches(r, q.q ?? ""), q);
  }

  resourcePage(q: PageQuery): Page<ResourceRow> {
    const rows = this.resourceRowsOf(this.opts.read());
    const needle = (q.q ?? "").toLowerCase();
    const keep = (r: ResourceRow) =>
      (!q.state || r.state === q.state || (q.state === "rejected" && r.rejected)) &&
      (!needle || `${r.key}\n${r.at ?? ""}\n${r.errors.join("\n")}\n${r.warnings.join("\n")}`.toLowerCase().includes(needle));
    return page(rows, keep, q);
  }

  async clusters(): Promise<ClusterRow[]> {
    const s = this.opts.read();
    if (!s.last) return [];
    const health = await this.opts.endpointHealth?.().catch(() => undefined);
    return clusterRows(s.last.result.ir, s.last.result.config, health);
  }

  resource(key: string): ResourceDetail | undefined {
    const s = this.opts.read();
    const row = this.resourceRowsOf(s).find((r) => r.key === key);
    if (!row) return undefined;
    return resourceDetail(row, {
      documents: s.last?.source.documents ?? [],
      defaultNamespace: this.opts.defaultNamespace ?? "default",
      diagnostics: this.diagnosticsOf(s),
      ir: s.last?.result.ir,
      config: s.last?.result.config,
    });
  }

  /** Everything at once: `?json=true`. */
  async full(): Promise<Record<string, unknown>> {
    const s = this.opts.read();
    return {
      overview: this.overview(),
      routes: this.routes(s),
      resources: this.resourceRowsOf(s),
      clusters: await this.clusters(),
    };
  }

  private routes(s: DiagState): RouteRow[] {
    const result = s.last?.result;
    if (!result) return [];
    let rows = routeCache.get(result);
    if (!rows) routeCache.set(result, (rows = routeRows(result.ir)));
    return rows;
  }

  private diagnosticsOf(s: DiagState): Diagnostic[] {
    return [...(s.last?.source.diagnostics ?? []), ...s.status.diagnostics];
  }

  private resourceRowsOf(s: DiagState): ResourceRow[] {
    return resourceRows({
      documents: s.last?.source.documents ?? [],
      resources: s.last?.result.resources,
      diagnostics: this.diagnosticsOf(s),
      defaultNamespace: this.opts.defaultNamespace ?? "default",
    });
  }
}

function page<T>(rows: readonly T[], keep: (r: T) => boolean, q: PageQuery): Page<T> {
  const matched = rows.filter(keep);
  const offset = Math.max(0, Math.min(q.offset ?? 0, matched.length));
  const limit = Math.max(1, Math.min(q.limit ?? 100, MAX_LIMIT));
  return { total: rows.length, matched: matched.length, offset, rows: matched.slice(offset, offset + limit) };
}

function proxyView(n: NodeStatus): ProxyView {
  return {
    nodeId: n.nodeId,
    streams: n.streams,
    types: n.types.map((t) => ({
      type: shortType(t.typeUrl),
      ...(t.ackedVersion !== undefined ? { acked: t.ackedVersion } : {}),
      ...(t.lastNack ? { rejected: { version: t.lastNack.version, message: t.lastNack.message, current: t.lastNack.serial > (t.ackedSerial ?? 0) } } : {}),
    })),
  };
}

// A rejected response names every resource that changed in it; the ones quarantined for it (the
// runtime's narrower blame) are the ones to show, when there are any.
function nackViews(nacks: readonly NackRecord[], quarantined: ReadonlySet<string>): NackView[] {
  return nacks.map((n) => {
    const all = uniqueRefs(n.sources);
    const blamed = all.filter((r) => quarantined.has(r.key));
    const shown = blamed.length ? blamed : all.slice(0, 5);
    return { type: shortType(n.typeUrl), version: n.version, message: n.message, resources: shown, more: all.length - shown.length };
  });
}

/** `type.googleapis.com/envoy.config.cluster.v3.Cluster` -> `Cluster`. */
export function shortType(typeUrl: string): string {
  return typeUrl.slice(typeUrl.lastIndexOf(".") + 1);
}
