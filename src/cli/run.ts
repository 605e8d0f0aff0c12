// `attache run`: the whole product on one machine — a source (a directory or the Kubernetes API),
// control plane, ADS server, health server and a supervised Envoy — until SIGINT/SIGTERM, or
// until something it cannot recover from (then it exits with an error naming the cause).
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { formatRef } from "../core/diagnostics.js";
import { startHealthServer } from "../diag/health-server.js";
import { ReadyFlag } from "../diag/readiness.js";
import { BOOTSTRAP_DEFAULTS, buildBootstrap } from "../proxy/bootstrap.js";
import { writeBootstrap } from "../proxy/bootstrap-file.js";
import { locateEnvoy } from "../proxy/envoy-binary.js";
import { EnvoySupervisor } from "../proxy/supervisor.js";
import { probeEnvoyReady } from "../proxy/envoy-ready.js";
import type { ResourceSet } from "../resources/types.js";
import { ControlPlane } from "../runtime/control-plane.js";
import { EnvoyRuntimeSync } from "../runtime/envoy-runtime.js";
import { sensitiveValuesOf } from "../runtime/sensitive-values.js";
import { fromSupervisedNodes } from "../runtime/supervised-nodes.js";
import { warmSchemas } from "../resources/index.js";
import { createLogger, type Logger } from "../util/logger.js";
import { startAdsServer, type AdsServer } from "../xds/ads-server.js";
import { XdsCache } from "../xds/cache.js";
import type { NackRecord } from "../xds/nack.js";
import { redactEnvoyLogLine, redactEnvoyMessage } from "../xds/nack-redaction.js";
import { describeAddress, localEndpoints, type LocalEndpoints } from "./local-endpoints.js";
import { ADS_API_TYPES, parseRunOptions, RUN_USAGE, type RunOptions } from "./run-options.js";
import { createSource, describeSource } from "./source-for.js";
import { bindOrExplain, ensurePortsFree, envoyBindFailure, portProblem, type PortClaim } from "./startup-checks.js";
import { startStatusFor } from "../status/wire.js";

export async function runCommand(args: string[]): Promise<number> {
  const opts = parseRunOptions(args);
  if (opts === "help") {
    process.stdout.write(RUN_USAGE);
    return 0;
  }
  const { stop, fatal } = await startAll(opts);
  const failure = await new Promise<Error | undefined>((resolve) => {
    const onSignal = (sig: string) => {
      process.stderr.write(`attache: ${sig} received, stopping\n`);
      resolve(undefined);
    };
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
    void fatal.then(resolve);
  });
  await stop();
  if (failure) throw failure;
  return 0;
}

interface Running {
  readonly stop: () => Promise<void>;
  /** Resolves when attache cannot go on (e.g. Envoy cannot bind its ports). */
  readonly fatal: Promise<Error>;
}

async function startAll(opts: RunOptions): Promise<Running> {
  const log = createLogger({ level: opts.logLevel });
  warmSchemas();
  const envoyBin = opts.envoyBin ?? locateEnvoy();
  const ready = new ReadyFlag();
  const cache = new XdsCache();
  const plane = new ControlPlane(
    cache,
    { ambassadorId: opts.ambassadorId, defaultListenerPort: opts.listenerPort, defaultTlsListenerPort: opts.tlsListenerPort, listenerAddress: opts.listenerAddress, keepLastValid: true },
    log.child("control-plane"),
    () => ready.markReady(),
  );
  const workDir = opts.workDir ?? (await mkdtemp(join(tmpdir(), "attache-")));
  const local = localEndpoints(opts, workDir);
  const ads = await startAds(opts, local, cache, plane, ready, log);
  const health = await bindOrExplain({ owner: "--health-port", host: opts.healthHost, port: opts.healthPort }, () => startHealthServer({
    host: opts.healthHost,
    port: opts.healthPort,
    readiness: ready,
    proxyReady: () => probeEnvoyReady(opts.readyPort),
    getDiag: () => ({ ...plane.status(), xds: ads.status() }),
    logger: log,
  }));
  const source = await createSource(opts.source, log);
  await source.start((snapshot) => plane.apply(snapshot));
  const stopStatus = await startStatusFor(plane, opts.source, { ambassadorId: opts.ambassadorId, log });

  const { envoy, fatal } = await startEnvoy({ opts, envoyBin, plane, workDir, local, adsPort: ads.port, ready, log });
  log.info("attache is running", { ...describeSource(opts.source), listenerPort: opts.listenerPort, ads: describeAddress(local.ads), admin: describeAddress(local.admin), health: health.port });

  const stop = async () => {
    await envoy.stop();
    await stopStatus();
    await source.stop();
    await ads.close();
    await health.close();
  };
  return { stop, fatal };
}

/** Only the supervised Envoy's outcomes count; NACK text is redacted before anyone sees it. */
function startAds(opts: RunOptions, local: LocalEndpoints, cache: XdsCache, plane: ControlPlane, ready: ReadyFlag, log: Logger): Promise<AdsServer> {
  const onNack = (n: NackRecord) => {
    // Before the first complete config, the NACK is why attache is not ready.
    if (!ready.isReady()) ready.markNotReady(`Envoy rejected its ${n.typeUrl.split(".").pop()}: ${n.message}`);
    plane.handleNack(n);
  };
  return bindOrExplain({ owner: "--ads-port", host: "127.0.0.1", port: opts.adsPort ?? 0 }, () => startAdsServer({
    host: "127.0.0.1",
    ...("port" in local.ads ? { port: local.ads.port } : { port: 0, socketPath: local.ads.socketPath }),
    cache,
    ...fromSupervisedNodes([opts.nodeId], { onAck: (e) => plane.handleAck(e), onNack }, log.child("xds")),
    redactNack: (m) => redactEnvoyMessage(m, sensitiveValuesOf(plane.lastTranslation())),
  }));
}

interface EnvoyContext {
  readonly opts: RunOptions;
  readonly envoyBin: string;
  readonly plane: ControlPlane;
  readonly workDir: string;
  readonly local: LocalEndpoints;
  readonly adsPort: number;
  readonly ready: ReadyFlag;
  readonly log: Logger;
}

// Envoy's bootstrap carries the RE2 limit of the first translation; later changes go through
// its runtime (and a rewritten bootstrap for restarts).
async function startEnvoy(c: EnvoyContext): Promise<{ envoy: EnvoySupervisor; fatal: Promise<Error> }> {
  const { opts, plane, local, log } = c;
  const bootstrapFor = (regexMaxSize: number) => writeBootstrap(c.workDir, buildBootstrap({
    nodeId: opts.nodeId,
    ...("port" in local.ads ? { adsPort: c.adsPort } : { adsSocket: local.ads.socketPath }),
    ...(typeof local.admin === "number" ? { adminPort: local.admin } : { adminSocket: local.admin.socketPath }),
    readyPort: opts.readyPort,
    adsApiType: ADS_API_TYPES[opts.xdsMode],
    regexMaxSize,
    maxDownstreamConnections: opts.maxConnections,
  }));
  // The source has delivered its first snapshot, so the plane has translated it; the default
  // stands in only if it has not.
  const initialLimit = plane.regexMaxSize() ?? BOOTSTRAP_DEFAULTS.regexMaxSize;
  const bootstrapPath = await bootstrapFor(initialLimit);
  plane.useRuntime(new EnvoyRuntimeSync(local.admin, async (limit) => { await bootstrapFor(limit); }, initialLimit, log));
  const claims = envoyPortClaims(opts, local, plane.lastTranslation()?.resources);
  await ensurePortsFree(claims);
  const envoy = new EnvoySupervisor({
    envoyBin: c.envoyBin,
    bootstrapPath,
    drainTimeS: opts.drainTimeS,
    concurrency: opts.envoyConcurrency,
    logger: log,
    redactLine: (line) => redactEnvoyLogLine(line, sensitiveValuesOf(plane.lastTranslation())),
  });
  envoy.on("restarting", () => {
    c.ready.markNotReady("Envoy is restarting");
    plane.envoyRestarted();
  });
  const fatal = new Promise<Error>((resolve) => envoy.on("exited", () => {
    // Restarting cannot help an Envoy that cannot bind its own ports. Its last lines may still
    // be in the pipe when the exit is seen: look a moment later.
    setTimeout(() => {
      const taken = envoyBindFailure(envoy.recentOutput(), claims);
      if (taken) resolve(new Error(`${portProblem(taken, Object.assign(new Error("in use"), { code: "EADDRINUSE" }))} (Envoy could not bind it)`));
    }, 200);
  }));
  await envoy.start().catch((err: Error) => {
    throw new Error(`--envoy-bin ${c.envoyBin}: ${err.message} (set --envoy-bin or ENVOY_BIN)`);
  });
  return { envoy, fatal };
}

/** The ports Envoy binds: its listeners (Listener resources, else `--listener-port`), ready, admin. */
function envoyPortClaims(opts: RunOptions, local: LocalEndpoints, resources: ResourceSet | undefined): PortClaim[] {
  const listeners = resources?.listeners ?? [];
  const claims: PortClaim[] = listeners.length > 0
    ? listeners.map((l) => ({ owner: `Listener ${formatRef(l.meta.ref)} port`, host: opts.listenerAddress, port: l.spec.port }))
    : [{ owner: "--listener-port", host: opts.listenerAddress, port: opts.listenerPort }];
  claims.push({ owner: "--ready-port", host: "127.0.0.1", port: opts.readyPort });
  if (typeof local.admin === "number") claims.push({ owner: "--admin-port", host: "127.0.0.1", port: local.admin });
  return claims;
}
