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
import { createLogger } from "../util/logger.js";
import { startAdsServer } from "../xds/ads-server.js";
import { XdsCache } from "../xds/cache.js";
import { ADS_API_TYPES, parseRunOptions, RUN_USAGE, type RunOptions } from "./run-options.js";
import { createSource, describeSource } from "./source-for.js";
import { describeAddress, localEndpoints } from "./local-endpoints.js";
import { startStatusFor } from "../status/wire.js";
import { sensitiveValuesOf } from "../runtime/sensitive-values.js";
import { fromSupervisedNodes } from "../runtime/supervised-nodes.js";
import { redactEnvoyLogLine, redactEnvoyMessage } from "../xds/nack-redaction.js";

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
  const workDir = opts.workDir ?? (await mkdtemp(join(tmpdir(), "attache-")));
  const local = localEndpoints(opts, workDir);
  const ads = await startAdsServer({
    host: "127.0.0.1",
    ...("port" in local.ads ? { port: local.ads.port } : { port: 0, socketPath: local.ads.socketPath }),
    cache,
    ...fromSupervisedNodes([opts.nodeId], { onAck: (e) => plane.handleAck(e), onNack: (n) => plane.handleNack(n) }, log.child("xds")),
    redactNack: (m) => redactEnvoyMessage(m, sensitiveValuesOf(plane.lastTranslation())),
  });
  const health = await startHealthServer({
    host: opts.healthHost,
    port: opts.healthPort,
    readiness: ready,
    getDiag: () => ({ ...plane.status(), xds: ads.status() }),
    logger: log,
  });
  const source = await createSource(opts.source, log);
  await source.start((snapshot) => plane.apply(snapshot));
  const stopStatus = await startStatusFor(plane, opts.source, { ambassadorId: opts.ambassadorId, log });

  const bootstrapFor = (regexMaxSize: number) => writeBootstrap(workDir, buildBootstrap({
    nodeId: opts.nodeId,
    ...("port" in local.ads ? { adsPort: ads.port } : { adsSocket: local.ads.socketPath }),
    ...(typeof local.admin === "number" ? { adminPort: local.admin } : { adminSocket: local.admin.socketPath }),
    readyPort: opts.readyPort,
    adsApiType: ADS_API_TYPES[opts.xdsMode],
    regexMaxSize,
  }));
  // The source has delivered its first snapshot, so the plane has translated it; the default
  // stands in only if it has not.
  const initialLimit = plane.regexMaxSize() ?? BOOTSTRAP_DEFAULTS.regexMaxSize;
  const bootstrapPath = await bootstrapFor(initialLimit);
  plane.useRuntime(new EnvoyRuntimeSync(local.admin, async (limit) => { await bootstrapFor(limit); }, initialLimit, log));
  const envoy = new EnvoySupervisor({
    envoyBin,
    bootstrapPath,
    drainTimeS: opts.drainTimeS,
    concurrency: opts.envoyConcurrency,
    logger: log,
    redactLine: (line) => redactEnvoyLogLine(line, sensitiveValuesOf(plane.lastTranslation())),
  });
  envoy.on("restarting", () => {
    ready.markNotReady("Envoy is restarting");
    plane.envoyRestarted();
  });
  await envoy.start();
  log.info("attache is running", { ...describeSource(opts.source), listenerPort: opts.listenerPort, ads: describeAddress(local.ads), admin: describeAddress(local.admin), health: health.port });

  return async () => {
    await envoy.stop();
    await stopStatus();
    await source.stop();
    await ads.close();
    await health.close();
  };
}
