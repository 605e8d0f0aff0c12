// attache's own metrics for `/metrics`, in Prometheus' text format (prom-client, on a registry of
// its own so nothing else in the process adds to it). Counters the loop already keeps (watch
// requests, status writes) are read at scrape time rather than hooked into the stages.
import { Counter, Gauge, Histogram, Registry } from "prom-client";
import type { XdsTraffic } from "../xds/status.js";
import type { Reconfiguration } from "../runtime/reconfig-log.js";
import type { CountRow } from "./view/types.js";
import { shortType } from "./view/model.js";

/** Per kind and namespace scope: cumulative LIST and WATCH requests of the Kubernetes source. */
export interface WatchStats {
  readonly kind: string;
  readonly lists: number;
  readonly watches: number;
}

export interface MetricsInputs {
  /** Resource counts by kind and state (of the last translation). */
  readonly resourceCounts: () => readonly CountRow[];
  /** Open ADS streams per node. */
  readonly connectedProxies: () => number;
  readonly watchStats?: () => readonly WatchStats[];
  /** Cumulative status PUTs and failed writes. */
  readonly statusWrites?: () => { readonly puts: number; readonly failures: number } | undefined;
}

const STAGES = ["resources", "ir", "envoy", "encode", "total"] as const;
// Seconds: a small change is a few ms, a full 10,000-route rebuild a few seconds.
const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export class Metrics {
  readonly registry = new Registry();
  private readonly duration: Histogram<"stage">;
  private readonly reconfigs: Counter<"published">;
  private readonly xds: Record<XdsTraffic["kind"], Counter<"type" | "mode">>;
  private readonly envoyRestarts: Counter;

  constructor(inputs: MetricsInputs) {
    const registers = [this.registry];
    this.duration = new Histogram({ name: "attache_reconfiguration_duration_seconds", help: "Time per reconfiguration, by pipeline stage (total: source snapshot to published snapshot).", labelNames: ["stage"], buckets: BUCKETS, registers });
    this.reconfigs = new Counter({ name: "attache_reconfigurations_total", help: "Source snapshots translated; published=false when Envoy's config did not change.", labelNames: ["published"], registers });
    this.xds = {
      push: new Counter({ name: "attache_xds_pushes_total", help: "xDS responses sent, by type and ADS mode.", labelNames: ["type", "mode"], registers }),
      ack: new Counter({ name: "attache_xds_acks_total", help: "xDS responses Envoy accepted, by type and ADS mode.", labelNames: ["type", "mode"], registers }),
      nack: new Counter({ name: "attache_xds_nacks_total", help: "xDS responses Envoy rejected, by type and ADS mode.", labelNames: ["type", "mode"], registers }),
    };
    this.envoyRestarts = new Counter({ name: "attache_envoy_restarts_total", help: "Times the supervised Envoy was restarted.", registers });
    this.gauges(inputs, registers);
    this.cumulative(inputs, registers);
  }

  reconfigured(r: Reconfiguration): void {
    this.reconfigs.inc({ published: String(r.published) });
    for (const stage of STAGES) this.duration.observe({ stage }, r.ms[stage] / 1000);
  }

  traffic(e: XdsTraffic): void {
    this.xds[e.kind].inc({ type: shortType(e.typeUrl), mode: e.mode });
  }

  envoyRestarted(): void {
    this.envoyRestarts.inc();
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  private gauges(inputs: MetricsInputs, registers: Registry[]): void {
    new Gauge({
      name: "attache_resources", help: "Resources of the last translation, by kind and state (ok, warning, error).", labelNames: ["kind", "state"], registers,
      collect() {
        this.reset();
        for (const c of inputs.resourceCounts()) for (const state of ["ok", "warning", "error"] as const) this.set({ kind: c.kind, state }, c[state]);
      },
    });
    new Gauge({
      name: "attache_connected_proxies", help: "Envoy nodes with an open ADS stream.", registers,
      collect() {
        this.set(inputs.connectedProxies());
      },
    });
  }

  // Counters kept elsewhere as running totals: each scrape adds what happened since the last one.
  private cumulative(inputs: MetricsInputs, registers: Registry[]): void {
    const seen = new Map<string, number>();
    const catchUp = (c: Counter<string>, id: string, labels: Record<string, string>, total: number) => {
      const key = `${id}|${JSON.stringify(labels)}`;
      c.inc(labels, Math.max(0, total - (seen.get(key) ?? 0)));
      seen.set(key, Math.max(total, seen.get(key) ?? 0));
    };
    const perKind = (pick: (s: WatchStats) => number) => {
      const out = new Map<string, number>();
      // The first LIST and WATCH of each scope are the start, not restarts.
      for (const s of inputs.watchStats?.() ?? []) out.set(s.kind, (out.get(s.kind) ?? 0) + Math.max(0, pick(s) - 1));
      return out;
    };
    new Counter({
      name: "attache_watch_restarts_total", help: "Kubernetes WATCH requests after the first, by kind (a watch ended and was opened again).", labelNames: ["kind"], registers,
      collect() {
        for (const [kind, n] of perKind((s) => s.watches)) catchUp(this, "restarts", { kind }, n);
      },
    });
    new Counter({
      name: "attache_watch_relists_total", help: "Kubernetes LISTs after the first, by kind (410 Gone, errors).", labelNames: ["kind"], registers,
      collect() {
        for (const [kind, n] of perKind((s) => s.lists)) catchUp(this, "relists", { kind }, n);
      },
    });
    new Counter({
      name: "attache_status_writes_total", help: "Resource status writes to the Kubernetes API, by result.", labelNames: ["result"], registers,
      collect() {
        const w = inputs.statusWrites?.();
        if (!w) return;
        catchUp(this, "writes", { result: "written" }, w.puts);
        catchUp(this, "writes", { result: "failed" }, w.failures);
      },
    });
  }
}
