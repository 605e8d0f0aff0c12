// `attache run`'s view from outside: the diagnostics page's model, Prometheus metrics and Envoy's
// own statistics, wired to the control plane, the ADS server and the source.
import type { HealthServerOptions } from "../diag/health-server.js";
import { Metrics, type WatchStats } from "../diag/metrics.js";
import { parseClusterHealth } from "../diag/view/clusters.js";
import { DiagModel } from "../diag/view/model.js";
import { adminRequest, envoyPrometheusStats, type AdminAddress } from "../proxy/envoy-admin.js";
import type { ControlPlane } from "../runtime/control-plane.js";
import type { Source } from "../sources/source.js";
import type { NodeStatus, XdsTraffic } from "../xds/status.js";

export interface Observability {
  /** For the ADS server's options. */
  readonly onTraffic: (e: XdsTraffic) => void;
  /** For the health server's options. */
  health(): Pick<HealthServerOptions, "getDiag" | "diagSections" | "diagAccess" | "getMetrics" | "getEnvoyMetrics">;
  /** Once the ADS server and the source exist. */
  attach(ads: { status(): NodeStatus[] }, source: Source): void;
  envoyRestarted(): void;
  /** Once resource status is written (run --kubernetes). */
  statusWriter(w: { readonly stats: { readonly puts: number; readonly failures: number } }): void;
}

export function observability(plane: ControlPlane, admin: AdminAddress): Observability {
  let nodes: () => NodeStatus[] = () => [];
  let watchStats: () => WatchStats[] = () => [];
  let statusWrites: () => { readonly puts: number; readonly failures: number } | undefined = () => undefined;
  const model = new DiagModel({
    read: () => ({ last: plane.lastResult(), status: plane.status(), nodes: nodes() }),
    endpointHealth: async () => {
      const res = await adminRequest(admin, "GET", "/clusters?format=json", 2_000);
      return res.status === 200 ? parseClusterHealth(res.body) : undefined;
    },
  });
  const metrics = new Metrics({
    resourceCounts: () => model.overview().counts,
    connectedProxies: () => nodes().filter((n) => n.streams > 0).length,
    watchStats: () => watchStats(),
    statusWrites: () => statusWrites(),
  });
  plane.observe({ reconfigured: (r) => metrics.reconfigured(r) });
  return {
    onTraffic: (e) => metrics.traffic(e),
    health: () => ({
      // The full JSON keeps the fields it always had (diagnostics, versions, nacks, xds) next to the page's.
      getDiag: async () => ({ ...plane.status(), xds: nodes(), ...(await model.full()) }),
      diagSections: async (name, params) => section(model, name, params),
      diagAccess: () => plane.lastResult()?.result.diagnosticsSettings ?? { enabled: true, allowNonLocal: false },
      getMetrics: () => metrics.text(),
      getEnvoyMetrics: () => envoyPrometheusStats(admin),
    }),
    attach(ads, source) {
      nodes = () => ads.status();
      if (hasStats(source)) watchStats = () => source.stats();
    },
    envoyRestarted: () => metrics.envoyRestarted(),
    statusWriter(w) {
      statusWrites = () => w.stats;
    },
  };
}

async function section(model: DiagModel, name: string, p: URLSearchParams): Promise<unknown> {
  const query = { q: p.get("q") ?? "", state: p.get("state") ?? "", offset: Number(p.get("offset") ?? 0) || 0, limit: Number(p.get("limit") ?? 100) || 100 };
  switch (name) {
    case "overview": return model.overview();
    case "routes": return model.routePage(query);
    case "resources": return model.resourcePage(query);
    case "clusters": return model.clusters();
    case "resource": return model.resource(p.get("key") ?? "");
    default: return undefined;
  }
}

function hasStats(s: Source): s is Source & { stats(): WatchStats[] } {
  return "stats" in s && typeof s.stats === "function";
}
