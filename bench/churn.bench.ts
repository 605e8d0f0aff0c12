// Churn benchmark: a real `attache run` + Envoy with 100 Mappings taking >= 200 requests/s on
// them while 3,000 new routes are added one file write at a time. Writes are paced: at most
// `window` new routes wait to become visible at once, so every route is seen serving (each is
// polled until its first 200) while the gateway is kept busy. Reports failed requests on the
// existing routes (connection errors and non-200 answers separately) and the time from each
// write until its route served. Bounded by a time budget; the number added is reported.
import { fileURLToPath } from "node:url";
import { mapping, startLoad, type LoadReport } from "../test/support/harness/index.js";
import { mappingPrefix } from "./manifests.js";
import { parseBenchArgs } from "./lib/args.js";
import { emitChildRows, runChild } from "./lib/child.js";
import { rssOfPid, startGateway, untilServes, type BenchGateway } from "./lib/gateway.js";
import { latencyRows, mib, printRows, round1, type Row } from "./lib/rows.js";

const SCRIPT = fileURLToPath(import.meta.url);
const EXISTING = 100;
const LOADED_PATHS = 20;
const ROUTE_TIMEOUT_MS = 120_000;

interface ChurnOptions {
  readonly routes: number;
  readonly rate: number;
  readonly window: number;
  readonly budgetMs: number;
  /** undefined: attache's default. */
  readonly xdsMode: string | undefined;
}

/** Adds routes one file each, at most `window` unconfirmed at a time; returns write->200 times. */
async function addRoutes(g: BenchGateway, o: ChurnOptions): Promise<number[]> {
  const times: number[] = [];
  const pending = new Set<Promise<void>>();
  const until = Date.now() + o.budgetMs;
  let failure: unknown;
  for (let k = 0; k < o.routes && Date.now() < until && failure === undefined; k++) {
    while (pending.size >= o.window) await Promise.race(pending);
    const prefix = `/churn-${k}/`;
    const t0 = Date.now();
    g.gw.writeManifest(`churn-${String(k).padStart(5, "0")}.yaml`, mapping(`churn-${k}`, { hostname: "*", prefix, service: g.service(k) }));
    const p: Promise<void> = untilServes(g.gw.ports.listener, `${prefix}x`, ROUTE_TIMEOUT_MS, 20)
      .then((at) => void times.push(at - t0))
      .catch((err) => void (failure ??= err))
      .finally(() => pending.delete(p));
    pending.add(p);
  }
  await Promise.all(pending);
  if (failure !== undefined) throw failure;
  return times;
}

function failureRows(n: number, report: LoadReport): Row[] {
  const paths = Object.values(report.byPath);
  const sum = (f: (c: (typeof paths)[number]) => number) => paths.reduce((a, c) => a + f(c), 0);
  const errors = sum((c) => Object.values(c.errors).reduce((a, x) => a + x, 0));
  const non200 = sum((c) => Object.entries(c.statuses).filter(([s]) => s !== "200").reduce((a, [, x]) => a + x, 0));
  const latencies = paths.flatMap((c) => c.latencies);
  return [
    { n, metric: "requests", value: report.sent, unit: "count" },
    { n, metric: "request_rate", value: round1((report.sent / report.durationMs) * 1000), unit: "req/s" },
    { n, metric: "failed_connection_errors", value: errors, unit: "count" },
    { n, metric: "failed_non_200", value: non200, unit: "count" },
    { n, metric: "keepalive_retries", value: sum((c) => c.retried), unit: "count" },
    { n, metric: "skipped_concurrency_limit", value: report.skipped, unit: "count" },
    ...latencyRows(n, "request_latency", latencies),
  ];
}

async function measure(o: ChurnOptions): Promise<Row[]> {
  const n = o.routes;
  const g = await startGateway(EXISTING, 120_000, o.xdsMode);
  try {
    const paths = Array.from({ length: LOADED_PATHS }, (_, i) => ({ path: `${mappingPrefix((i * 5) % EXISTING)}load` }));
    const load = startLoad({ port: g.gw.ports.listener, paths, rate: o.rate, concurrency: 32, maxDurationMs: o.budgetMs + ROUTE_TIMEOUT_MS });
    let times: number[];
    let report: LoadReport;
    try {
      await new Promise((r) => setTimeout(r, 1000));
      const t0 = Date.now();
      times = await addRoutes(g, o);
      const wallMs = Date.now() - t0;
      await new Promise((r) => setTimeout(r, 1000));
      report = await load.stop({ quiet: true });
      return [
        { n, metric: "routes_added", value: times.length, unit: "count" },
        { n, metric: "adding_took", value: round1(wallMs / 1000), unit: "s" },
        ...latencyRows(n, "route_visible", times),
        ...failureRows(n, report),
        { n, metric: "attache_rss_end", value: mib(rssOfPid(g.gw.process.pid)), unit: "MiB" },
      ];
    } finally {
      await load.stop({ quiet: true });
    }
  } finally {
    await g.stop();
  }
}

async function main(): Promise<void> {
  const args = parseBenchArgs();
  const o: ChurnOptions = {
    routes: args.num("routes", 3000),
    rate: args.num("rate", 250),
    window: args.num("window", 10),
    budgetMs: args.num("budget-s", 600) * 1000,
    xdsMode: args.str("xds-mode"),
  };
  if (args.child !== undefined) return emitChildRows(await measure({ ...o, routes: args.child }));
  const rows = await runChild(SCRIPT, ["--child", String(o.routes), "--rate", String(o.rate), "--window", String(o.window), "--budget-s", String(o.budgetMs / 1000), ...(o.xdsMode ? ["--xds-mode", o.xdsMode] : [])], { timeoutMs: o.budgetMs + 600_000 });
  printRows("churn", rows, args.json, `churn: routes added one file each under ${o.rate} req/s to ${EXISTING} existing Mappings (window ${o.window}, budget ${o.budgetMs / 1000} s, xDS mode ${o.xdsMode ?? "attache's default"})`);
}

await main();
