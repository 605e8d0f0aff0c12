// `attache run`: the whole product on one machine — a source (a directory or the Kubernetes API),
// control plane, ADS server, health server and a supervised Envoy — until SIGINT/SIGTERM. A
// signal starts a graceful shutdown (readiness fails, Envoy drains, in-flight requests finish)
// bounded by --shutdown-grace-s; a second signal cuts the wait short.
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startHealthServer } from "../diag/health-server.js";
import { ReadyFlag } from "../diag/readiness.js";
import { buildBootstrap } from "../proxy/bootstrap.js";
import { drainEnvoy } from "../proxy/drain.js";
import { envoyPrometheusStats } from "../proxy/envoy-admin.js";
import { writeBootstrap } from "../proxy/bootstrap-file.js";
import { locateEnvoy } from "../proxy/envoy-binary.js";
import { EnvoySupervisor } from "../proxy/supervisor.js";
import { ControlPlane } from "../runtime/control-plane.js";
import { EnvoyRuntimeSync } from "../runtime/envoy-runtime.js";
import { DEFAULT_REGEX_MAX_SIZE } from "../ir/settings.js";
import { warmSchemas } from "../resources/index.js";
import { createLogger } from "../util/logger.js";
import { startAdsServer } from "../xds/ads-server.js";
import { XdsCache } from "../xds/cache.js";
import { ADS_API_TYPES, parseRunOptions, RUN_USAGE, type RunOptions } from "./run-options.js";
import { createSource, describeSource } from "./source-for.js";
import { startStatusFor } from "../status/wire.js";

export async function runCommand(args: string[]): Promise<number> {
  const opts = parseRunOptions(args);
  if (opts === "help") {
    process.stdout.write(RUN_USAGE);
    return 0;
  }
  const running = await startAll(opts);
  await nextSignal("stopping");
  // The bound holds even if something below hangs: the pod's grace period must never run out.
  setTimeout(() => {
    process.stderr.write(`attache: not stopped after --shutdown-grace-s ${opts.shutdownGraceS}; exiting\n`);
    process.exit(1);
  }, opts.shutdownGraceS * 1000).unref();
  const deadline = Date.now() + opts.shutdownGraceS * 1000 - STOP_RESERVE_MS;
  await running.drain(deadline, nextSignal("stopping now"));
  await running.stop();
  return 0;
}

/** Time kept back from the shutdown grace for stopping Envoy and the servers after the drain. */
const STOP_RESERVE_MS = 3_000;

function nextSignal(what: string): Promise<void> {
  return new Promise<void>((resolve) => {
    const onSignal = (sig: string) => {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
      process.stderr.write(`attache: ${sig} received, ${what}\n`);
      resolve();
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  });
}

interface Running {
  /** Fails readiness, then drains Envoy until it is idle, `deadline` or `abort`. */
  drain(deadline: number, abort: Promise<void>): Promise<void>;
  stop(): Promise<void>;
}

async function startAll(opts: RunOptions): Promise<Running> {
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
  const ads = await startAdsServer({
    host: "127.0.0.1",
    port: opts.adsPort,
    cache,
    onAck: (e) => plane.handleAck(e),
    onNack: (n) => plane.handleNack(n),
  });
  const health = await startHealthServer({
    host: opts.healthHost,
    port: opts.healthPort,
    readiness: ready,
    getDiag: () => ({ ...plane.status(), xds: ads.status() }),
    getMetrics: () => envoyPrometheusStats(opts.adminPort),
    logger: log,
  });
  const source = await createSource(opts.source, log);
  await source.start((snapshot) => plane.apply(snapshot));
  const stopStatus = await startStatusFor(plane, opts.source, { ambassadorId: opts.ambassadorId, log });

  const workDir = opts.workDir ?? (await mkdtemp(join(tmpdir(), "attache-")));
  const bootstrapFor = (regexMaxSize: number) => writeBootstrap(workDir, buildBootstrap({
    nodeId: opts.nodeId,
    adsPort: ads.port,
    adminPort: opts.adminPort,
    readyPort: opts.readyPort,
    adsApiType: ADS_API_TYPES[opts.xdsMode],
    regexMaxSize,
  }));
  const initialLimit = plane.regexMaxSize() ?? DEFAULT_REGEX_MAX_SIZE;
  const bootstrapPath = await bootstrapFor(initialLimit);
  plane.useRuntime(new EnvoyRuntimeSync(opts.adminPort, async (limit) => { await bootstrapFor(limit); }, initialLimit, log));
  const envoy = new EnvoySupervisor({
    envoyBin,
    bootstrapPath,
    drainTimeS: opts.drainTimeS,
    concurrency: opts.envoyConcurrency,
    logger: log,
    stopGraceMs: STOP_RESERVE_MS - 1_000,
  });
  envoy.on("restarting", () => {
    ready.markNotReady("Envoy is restarting");
    plane.envoyRestarted();
  });
  await envoy.start();
  log.info("attache is running", { ...describeSource(opts.source), listenerPort: opts.listenerPort, ads: ads.port, health: health.port });

  const drain = async (deadline: number, abort: Promise<void>) => {
    // Load balancers and the kubelet see this first, while Envoy still serves.
    ready.markStopping("shutting down");
    if (envoy.pid === undefined) return;
    await drainEnvoy({ adminPort: opts.adminPort, drainTimeS: opts.drainTimeS, deadline, abort, logger: log })
      .catch((err: unknown) => log.warn("could not drain envoy; stopping it", { error: err }));
  };
  const stop = async () => {
    await envoy.stop();
    await stopStatus();
    await source.stop();
    await ads.close();
    await health.close();
  };
  return { drain, stop };
}
