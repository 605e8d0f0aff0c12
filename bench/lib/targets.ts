// The targets of issue 4 and how each is judged from benchmark rows. A target is judged on the
// median where the issue names no percentile; the tail is shown beside it.
import type { BenchRow } from "./rows.js";

export type Lookup = (bench: string, n: number, metric: string) => number | undefined;

/** Which CPU profile explains a miss (see run-all's profile runs). */
export type ProfileKind = "translate-cold" | "translate-change" | "fanout-changes" | "steady-changes";

export interface Target {
  readonly measure: string;
  readonly target: string;
  readonly peers: string;
  readonly limit: number;
  readonly unit: string;
  /** The judged figure; undefined when the bench did not produce it. */
  measured(get: Lookup): number | undefined;
  /** Other figures worth showing beside it. */
  detail(get: Lookup): string;
  readonly profiles: readonly ProfileKind[];
}

const fmt = (x: number | undefined, unit: string) => (x === undefined || Number.isNaN(x) ? "-" : `${x} ${unit}`);

export const TARGETS: readonly Target[] = [
  {
    measure: "cold translate, 10,000 Mappings, all stages",
    target: "≤ 500 ms",
    peers: "~7 s, ~316 MB (a widely used Python compiler)",
    limit: 500,
    unit: "ms",
    measured: (get) => get("translate", 10000, "total"),
    detail: (get) => `CPU time ${fmt(get("translate", 10000, "total_cpu"), "ms")}; peak RSS ${fmt(get("translate", 10000, "peak_rss"), "MiB")} (target ≤ 250 MB)`,
    profiles: ["translate-cold"],
  },
  {
    measure: "cold translate, 10,000 Mappings, peak RSS",
    target: "≤ 250 MB",
    peers: "~316 MB",
    // 250 MB as MiB.
    limit: Math.round((250e6 / 2 ** 20) * 10) / 10,
    unit: "MiB",
    measured: (get) => get("translate", 10000, "peak_rss"),
    detail: () => "250 MB = 238.4 MiB",
    profiles: [],
  },
  {
    measure: "one-Mapping change at 10,000 Mappings → new snapshot ready (median)",
    target: "≤ 30 ms",
    peers: "peers rebuild everything",
    limit: 30,
    unit: "ms",
    measured: (get) => get("translate", 10000, "change_p50"),
    detail: (get) => `p99 ${fmt(get("translate", 10000, "change_p99"), "ms")} over ${fmt(get("translate", 10000, "change_samples"), "changes")}; CPU time p50 ${fmt(get("translate", 10000, "change_cpu_p50"), "ms")}`,
    profiles: ["translate-change"],
  },
  {
    measure: "propagation p99 at 10,000 routes (attache's default xDS mode)",
    target: "≤ 300 ms",
    peers: "~600 ms at 3,000 routes idle, ~2 s under load (a Go peer)",
    limit: 300,
    unit: "ms",
    measured: (get) => get("propagation", 10000, "propagation_p99"),
    detail: (get) =>
      `p50 ${fmt(get("propagation", 10000, "propagation_p50"), "ms")}, ${fmt(get("propagation", 10000, "propagation_samples"), "changes")}; ` +
      `translation inside attache p50 ${fmt(get("propagation", 10000, "attache_translate_p50"), "ms")}; at 1,000: p99 ${fmt(get("propagation", 1000, "propagation_p99"), "ms")}; ` +
      `state of the world (--xds-mode sotw) p99 ${fmt(get("propagation", 10000, "sotw_propagation_p99"), "ms")}`,
    profiles: ["translate-change"],
  },
  {
    measure: "churn: 3,000 routes added under load, failed requests",
    target: "0 failed",
    peers: "~15,000 errors (a Go peer)",
    limit: 0,
    unit: "failed",
    measured: (get) => {
      const e = get("churn", 3000, "failed_connection_errors");
      const s = get("churn", 3000, "failed_non_200");
      return e === undefined || s === undefined ? undefined : e + s;
    },
    detail: (get) =>
      `${fmt(get("churn", 3000, "routes_added"), "routes")} added, ${fmt(get("churn", 3000, "request_rate"), "req/s")}; ` +
      `connection errors ${fmt(get("churn", 3000, "failed_connection_errors"), "")}, non-200 ${fmt(get("churn", 3000, "failed_non_200"), "")}; ` +
      `route visible p50/p99/max ${get("churn", 3000, "route_visible_p50") ?? "-"}/${get("churn", 3000, "route_visible_p99") ?? "-"}/${get("churn", 3000, "route_visible_max") ?? "-"} ms`,
    profiles: [],
  },
  {
    measure: "fanout: 100 clients ACK a change at 10,000 routes (median)",
    target: "≤ 2 s",
    peers: "—",
    limit: 2000,
    unit: "ms",
    measured: (get) => get("fanout", 10000, "all_acked_p50"),
    detail: (get) => `max ${fmt(get("fanout", 10000, "all_acked_max"), "ms")}; control-plane memory per client ${fmt(get("fanout", 10000, "rss_per_client_after_sync"), "KiB")} RSS after the initial sync, ${fmt(get("fanout", 10000, "rss_per_client_after_changes"), "KiB")} RSS / ${fmt(get("fanout", 10000, "heap_per_client_after_changes"), "KiB")} heap after the changes`,
    profiles: ["fanout-changes"],
  },
  {
    measure: "steady RSS at 10,000 Mappings, after 100 changes",
    target: "≤ 200 MB",
    peers: "263 MiB at 1,000 routes (a Go peer)",
    limit: Math.round((200e6 / 2 ** 20) * 10) / 10,
    unit: "MiB",
    measured: (get) => get("steady", 10000, "rss_after_changes"),
    detail: (get) => `heapUsed ${fmt(get("steady", 10000, "heap_used_after_changes"), "MiB")}; 200 MB = 190.7 MiB`,
    profiles: [],
  },
];

export interface Verdict {
  readonly target: Target;
  readonly value: number | undefined;
  /** undefined: not measured. */
  readonly met: boolean | undefined;
  /** "missed by X (Y×)" or "". */
  readonly by: string;
}

export function judge(rows: readonly BenchRow[]): Verdict[] {
  const get: Lookup = (bench, n, metric) => rows.find((r) => r.bench === bench && r.n === n && r.metric === metric)?.value;
  return TARGETS.map((t) => {
    const value = t.measured(get);
    if (value === undefined || Number.isNaN(value)) return { target: t, value: undefined, met: undefined, by: "" };
    const met = value <= t.limit;
    const ratio = t.limit > 0 ? ` (${(value / t.limit).toFixed(1)}× the target)` : "";
    return { target: t, value, met, by: met ? "" : `missed by ${Math.round((value - t.limit) * 10) / 10} ${t.unit}${ratio}` };
  });
}

export function targetDetail(t: Target, rows: readonly BenchRow[]): string {
  return t.detail((bench, n, metric) => rows.find((r) => r.bench === bench && r.n === n && r.metric === metric)?.value);
}
