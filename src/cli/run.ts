// `attache run`: the whole product on one machine — a source (a directory or the Kubernetes API),
// control plane, ADS server, health server and a supervised Envoy — until SIGINT/SIGTERM.
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startHealthServer } from "../diag/health-server.js";
import { ReadyFlag } from "../diag/readiness.js";
import { BOOTSTRAP_DEFAULTS, buildBootstrap } from "../proxy/bootstrap.js";
import { writeBootstrap } from "../proxy/bootstrap-file.js";
import { locateEnvoy } from "../proxy/envoy-binary.js";
import { EnvoySupervisor } from "../proxy/supervisor.js";
import { ControlPlane } from "../runtime/control-plane.js";
import { EnvoyRuntimeSync } from "../runtime/envoy-runtime.js";
import { warmSchemas } from "../resources/index.js";
import { createLogger, type Logger } from "../util/logger.js";
import { startAdsServer } from "../xds/ads-server.js";
import { XdsCache } from "../xds/cache.js";
import { ADS_API_TYPES, parseRunOptions, RUN_USAGE, type RunOptions } from "./run-options.js";
import { createSource, describeSource } from "./source-for.js";
import { startStatusFor } from "../status/wire.js";
import { observability, type Observability } from "./observability.js";

export async function runCommand(args: string[]): Promise<number> {
  const opts = parseRunOptions(args);
  if (opts === "help") {
    process.stdout.write(RUN_USAGE);
    return 0;
  }
  const stop = await startAll(opts);
  await new Promise<void>((resolve) => {
    const onSignal = (sig: string) => {
      process.stderr.write(`attache: ${sig} received, stopping\n`);
      resolve();
    };
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
  });
  await stop();
  return 0;
}

async function startAll(opts: RunOptions): Promise<() => Promise<void>> {
  const log = createLogger({ level: opts.logLevel });
  warmSchemas();
  const envoyBin = opts.envoyBin ?? locateEnvoy();
  const ready = new ReadyFlag();
  const cache = new XdsCache();
  const plane = new ControlPlane(
    cache,
    { ambassadorId: opts.ambassadorId, defaultListenerPort: opts.listenerPort, listenerAddress: opts.listenerAddress },
    log.child("control-plane"),
    () => ready.markReady(),
  );
  const seen = observability(plane, opts.adminPort);
  const ads = await startAdsServer({
    host: "127.0.0.1",
    port: opts.adsPort,
    cache,
    onAck: (e) => plane.handleAck(e),
    onNack: (n) => plane.handleNack(n),
    onTraffic: seen.onTraffic,
  });
  const health = await startHealthServer({
    host: opts.healthHost,
    port: opts.healthPort,
    readiness: ready,
    ...seen.health(),
    logger: log,
  });
  const source = await createSource(opts.source, log);
  seen.attach(ads, source);
  await source.start((snapshot) => plane.apply(snapshot));
  const stopStatus = await startStatusFor(plane, opts.source, { ambassadorId: opts.ambassadorId, log, onWriter: (w) => seen.statusWriter(w) });

  const envoy = await startEnvoy(opts, envoyBin, plane, ads.port, ready, log, seen);
  log.info("attache is running", { ...describeSource(opts.source), listenerPort: opts.listenerPort, ads: ads.port, health: health.port });

  return async () => {
    await envoy.stop();
    await stopStatus();
    await source.stop();
    await ads.close();
    await health.close();
  };
}

// Envoy's bootstrap carries the RE2 limit of the first translation; later changes go through
// its runtime (and a rewritten bootstrap for restarts).
async function startEnvoy(opts: RunOptions, envoyBin: string, plane: ControlPlane, adsPort: number, ready: ReadyFlag, log: Logger, seen: Observability): Promise<EnvoySupervisor> {
  const workDir = opts.workDir ?? (await mkdtemp(join(tmpdir(), "attache-")));
  const bootstrapFor = (regexMaxSize: number) => writeBootstrap(workDir, buildBootstrap({
    nodeId: opts.nodeId,
    adsPort,
    adminPort: opts.adminPort,
    readyPort: opts.readyPort,
    adsApiType: ADS_API_TYPES[opts.xdsMode],
    regexMaxSize,
  }));
  // The source has delivered its first snapshot, so the plane has translated it; the default
  // stands in only if it has not.
  const initialLimit = plane.regexMaxSize() ?? BOOTSTRAP_DEFAULTS.regexMaxSize;
  const bootstrapPath = await bootstrapFor(initialLimit);
  plane.useRuntime(new EnvoyRuntimeSync(opts.adminPort, async (limit) => { await bootstrapFor(limit); }, initialLimit, log));
  const envoy = new EnvoySupervisor({
    envoyBin,
    bootstrapPath,
    drainTimeS: opts.drainTimeS,
    concurrency: opts.envoyConcurrency,
    logger: log,
  });
  envoy.on("restarting", () => {
    ready.markNotReady("Envoy is restarting");
    plane.envoyRestarted();
    seen.envoyRestarted();
  });
  await envoy.start();
  return envoy;
}
