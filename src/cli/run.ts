// `attache run`: the whole product on one machine — a source (a directory or the Kubernetes API),
// control plane, ADS server, health server and a supervised Envoy — until SIGINT/SIGTERM, or
// until something it cannot recover from (then it exits with an error naming the cause). A
// signal starts a graceful shutdown (readiness fails, Envoy drains, in-flight requests finish)
// bounded by --shutdown-grace-s; a second signal cuts the wait short.
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { formatRef } from "../core/diagnostics.js";
import { startHealthServer } from "../diag/health-server.js";
import { ReadyFlag } from "../diag/readiness.js";
import { BOOTSTRAP_DEFAULTS, buildBootstrap } from "../proxy/bootstrap.js";
import { drainEnvoy } from "../proxy/drain.js";
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
import { observability, type Observability } from "./observability.js";

export async function runCommand(args: string[]): Promise<number> {
  const opts = parseRunOptions(args);
  if (opts === "help") {
    process.stdout.write(RUN_USAGE);
    return 0;
  }
  const running = await startAll(opts);
  const failure = await Promise.race([nextSignal("stopping").then(() => undefined), running.fatal]);
  if (!failure) {
    // The bound holds even if something below hangs: the pod's grace period must never run out.
    setTimeout(() => {
      process.stderr.write(`attache: not stopped after --shutdown-grace-s ${opts.shutdownGraceS}; exiting\n`);
      process.exit(1);
    }, opts.shutdownGraceS * 1000).unref();
    const deadline = Date.now() + opts.shutdownGraceS * 1000 - STOP_RESERVE_MS;
    await running.drain(deadline, nextSignal("stopping now"));
  }
  await running.stop();
  if (failure) throw failure;
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
  /** Resolves when attache cannot go on (e.g. Envoy cannot bind its ports). */
  readonly fatal: Promise<Error>;
}

async function startAll(opts: RunOptions): Promise<Running> {
  const log = createLogger({ level: opts.logLevel, ...(opts.logFormat ? { format: opts.logFormat } : {}) });
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
  const seen = observability(plane, local.admin);
  const ads = await startAds(opts, local, cache, plane, ready, log, seen);
  const health = await bindOrExplain({ owner: "--health-port", host: opts.healthHost, port: opts.healthPort }, () => startHealthServer({
    host: opts.healthHost,
    port: opts.healthPort,
    readiness: ready,
    proxyReady: () => probeEnvoyReady(opts.readyPort),
    ...seen.health(),
    logger: log,
  }));
  const source = await createSource(opts.source, log);
  seen.attach(ads, source);
  await source.start((snapshot) => plane.apply(snapshot));
  const stopStatus = await startStatusFor(plane, opts.source, { ambassadorId: opts.ambassadorId, log, onWriter: (w) => seen.statusWriter(w) });

  const { envoy, fatal } = await startEnvoy({ opts, envoyBin, plane, workDir, local, adsPort: ads.port, ready, log, seen });
  log.info("attache is running", { ...describeSource(opts.source), listenerPort: opts.listenerPort, ads: describeAddress(local.ads), admin: describeAddress(local.admin), health: health.port });

  const drain = async (deadline: number, abort: Promise<void>) => {
    // Load balancers and the kubelet see this first, while Envoy still serves.
    ready.markStopping("shutting down");
    if (envoy.pid === undefined) return;
    await drainEnvoy({ admin: local.admin, drainTimeS: opts.drainTimeS, deadline, abort, logger: log })
      .catch((err: unknown) => log.warn("could not drain envoy; stopping it", { error: err }));
  };
  const stop = async () => {
    await envoy.stop();
    await stopStatus();
    await source.stop();
    await ads.close();
    await health.close();
  };
  return { drain, stop, fatal };
}

/** Only the supervised Envoy's outcomes count; NACK text is redacted before anyone sees it. */
function startAds(opts: RunOptions, local: LocalEndpoints, cache: XdsCache, plane: ControlPlane, ready: ReadyFlag, log: Logger, seen: Observability): Promise<AdsServer> {
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
    // Every node's traffic is counted, the supervised Envoy's and others'.
    onTraffic: seen.onTraffic,
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
  readonly seen: Observability;
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
    stopGraceMs: STOP_RESERVE_MS - 1_000,
    redactLine: (line) => redactEnvoyLogLine(line, sensitiveValuesOf(plane.lastTranslation())),
  });
  envoy.on("restarting", () => {
    c.ready.markNotReady("Envoy is restarting");
    plane.envoyRestarted();
    c.seen.envoyRestarted();
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
