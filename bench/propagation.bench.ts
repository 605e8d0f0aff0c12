// Propagation benchmark: a real `attache run` + Envoy holding n Mappings; a Mapping file is
// written (even changes add a file with a new Mapping, odd ones edit a Mapping inside one of
// the existing 100-Mapping files to a new prefix) and Envoy is polled every 5 ms until the new
// prefix answers 200. p50/p99 over 100 changes at 1,000 and 10,000 Mappings, each size
// bounded by a time budget (the sample count is reported). `--xds-modes delta,sotw` measures
// attache's default ADS flavour (the first, unprefixed metrics) and then the others, whose
// metrics are prefixed with the mode (`sotw_propagation_p99`).
import { fileURLToPath } from "node:url";
import { mappingDoc, mappingFileName, MAPPINGS_PER_FILE, mappingPrefix } from "./manifests.js";
import { mapping } from "../test/support/harness/index.js";
import { parseBenchArgs } from "./lib/args.js";
import { emitChildRows, runChild } from "./lib/child.js";
import { rssOfPid, startGateway, untilServes, type BenchGateway } from "./lib/gateway.js";
import { latencyRows, mib, printRows, type Row } from "./lib/rows.js";

const SCRIPT = fileURLToPath(import.meta.url);
const ROUTE_TIMEOUT_MS = 60_000;

/** Writes change `k`; returns the path that serves once Envoy has it. */
function writeChange(g: BenchGateway, n: number, k: number): string {
  const prefix = `/prop-${k}/`;
  if (k % 2 === 0) {
    g.gw.writeManifest(`prop-${String(k).padStart(4, "0")}.yaml`, mapping(`prop-${k}`, { hostname: "*", prefix, service: g.service(k) }));
    return `${prefix}x`;
  }
  // Edit Mapping i in place within its file: the file is re-read as a whole, as in real life.
  const i = (k * 7919) % n;
  const file = Math.floor(i / MAPPINGS_PER_FILE);
  const docs: string[] = [];
  for (let j = file * MAPPINGS_PER_FILE; j < Math.min(n, (file + 1) * MAPPINGS_PER_FILE); j++) {
    const doc = mappingDoc(j, 0, g.service);
    docs.push(j === i ? doc.replace(`prefix: ${mappingPrefix(i)}`, `prefix: ${prefix}`) : doc);
  }
  g.gw.writeManifest(mappingFileName(file), docs.join("\n---\n") + "\n");
  return `${prefix}x`;
}

/** Translation time per published snapshot, from attache's own log ("published configuration serial=S ms=M"). */
function publishedMs(log: string): Map<number, number> {
  const out = new Map<number, number>();
  for (const m of log.matchAll(/published configuration serial=(\d+) ms=(\d+)/g)) out.set(Number(m[1]), Number(m[2]));
  return out;
}

async function measure(n: number, changes: number, budgetMs: number, xdsMode: string | undefined): Promise<Row[]> {
  const g = await startGateway(n, 600_000, xdsMode);
  try {
    const times: number[] = [];
    const translate: number[] = [];
    const until = Date.now() + budgetMs;
    let lastSerial = Math.max(0, ...publishedMs(g.gw.stderr()).keys());
    for (let k = 0; k < changes && Date.now() < until; k++) {
      const t0 = Date.now();
      const path = writeChange(g, n, k);
      times.push((await untilServes(g.gw.ports.listener, path, ROUTE_TIMEOUT_MS)) - t0);
      // The snapshots published for this change (usually one): how much of it was translation.
      const fresh = [...publishedMs(g.gw.stderr())].filter(([serial]) => serial > lastSerial);
      lastSerial = Math.max(lastSerial, ...fresh.map(([serial]) => serial));
      if (fresh.length > 0) translate.push(fresh.reduce((a, [, ms]) => a + ms, 0));
    }
    return [
      ...latencyRows(n, "propagation", times),
      ...latencyRows(n, "attache_translate", translate),
      { n, metric: "startup_until_all_serve", value: g.readyMs, unit: "ms" },
      { n, metric: "attache_rss", value: mib(rssOfPid(g.gw.process.pid)), unit: "MiB" },
    ];
  } finally {
    await g.stop();
  }
}

async function main(): Promise<void> {
  const args = parseBenchArgs();
  const changes = args.num("changes", 100);
  const budgetMs = args.num("budget-s", 240) * 1000;
  if (args.child !== undefined) return emitChildRows(await measure(args.child, changes, budgetMs, args.str("xds-mode")));
  const modes = (args.str("xds-modes") ?? "default").split(",").filter(Boolean);
  const rows: Row[] = [];
  for (const [m, mode] of modes.entries()) {
    for (const n of args.sizes([1000, 10000])) {
      const modeArgs = mode === "default" ? [] : ["--xds-mode", mode];
      const got = await runChild(SCRIPT, ["--child", String(n), "--changes", String(changes), "--budget-s", String(budgetMs / 1000), ...modeArgs], { timeoutMs: budgetMs + 900_000 });
      rows.push(...got.map((r) => (m === 0 ? r : { ...r, metric: `${mode}_${r.metric}` })));
    }
  }
  printRows("propagation", rows, args.json, `propagation: Mapping file written -> first 200 from Envoy (up to ${changes} changes, ${budgetMs / 1000} s budget per size; xDS modes ${modes.join(", ")}, the first unprefixed)`);
}

await main();
