// The health and diagnostics HTTP endpoint (Ambassador's paths, on 127.0.0.1:8877 by default).
// A thin shell: liveness is "this server answers", readiness and diagnostics come from the
// runtime through `readiness` and `getDiag`.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { silentLogger, type Logger } from "../util/logger.js";
import type { Readiness } from "./readiness.js";
import { DIAG_PREFIX, diagRefusal, diagReply, type DiagAccess, type DiagSource } from "./diag-http.js";

export const ALIVE_PATH = "/ambassador/v0/check_alive";
export const READY_PATH = "/ambassador/v0/check_ready";
export const DIAG_PATH = "/ambassador/v0/diag/";
const METRICS_PATH = "/metrics";
/** Envoy's own statistics, passed through (Envoy's admin API stays on loopback or a Unix socket). */
const ENVOY_METRICS_PATH = "/metrics/envoy";
const PROMETHEUS_TYPE = "text/plain; version=0.0.4; charset=utf-8";
// The page loads only its own files and talks only to this server.
const PAGE_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const HEALTH_DEFAULTS = { host: "127.0.0.1", port: 8877 } as const;

export interface HealthServerOptions {
  readonly host?: string;
  /** 0 picks a free port (see `HealthServer.port`). */
  readonly port?: number;
  readonly readiness: Readiness;
  /**
   * Asked on every check_ready once the control plane is ready: undefined when the proxy is
   * ready too, else why not (e.g. Envoy's own /ready timed out).
   */
  readonly proxyReady?: () => Promise<string | undefined>;
  /** Diagnostics (diagnostics list, snapshot versions, last NACK, ...); secrets are redacted. */
  readonly getDiag: () => unknown | Promise<unknown>;
  /** The page's sections (`?json=true&section=...`); without it only the full JSON is served. */
  readonly diagSections?: DiagSource["section"];
  /** Whether diagnostics are on and for whom, asked per request (the Module can change it). */
  readonly diagAccess?: () => DiagAccess;
  /**
   * Prometheus text exposition for `/metrics` (e.g. Envoy's `/stats/prometheus` through
   * `envoyPrometheusStats`, plus attache's own); absent: `/metrics` is 404.
   */
  readonly getMetrics?: () => string | Promise<string>;
  /** Envoy's `/stats/prometheus`, for `/metrics/envoy`; absent: 404. */
  readonly getEnvoyMetrics?: () => Promise<string>;
  /** Serve diagnostics to non-loopback clients too (Module `diagnostics.allow_non_local`). */
  readonly diagAllowNonLocal?: boolean;
  readonly logger?: Logger;
}

export interface HealthServer {
  readonly host: string;
  readonly port: number;
  close(): Promise<void>;
}

export async function startHealthServer(opts: HealthServerOptions): Promise<HealthServer> {
  const log = opts.logger ?? silentLogger;
  const server = createServer((req, res) => {
    handle(opts, req, res).catch((err: unknown) => {
      log.error("health server request failed", { path: req.url, error: err });
      if (!res.headersSent) send(req, res, 500, "text/plain", "internal error\n");
      else res.destroy();
    });
  });
  const host = opts.host ?? HEALTH_DEFAULTS.host;
  await listen(server, host, opts.port ?? HEALTH_DEFAULTS.port);
  // cast: a server listening on a TCP port has an AddressInfo (a string only for pipes).
  const port = (server.address() as AddressInfo).port;
  log.info("health server listening", { host, port });
  return { host, port, close: () => close(server) };
}

async function handle(opts: HealthServerOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.setHeader("allow", "GET, HEAD");
    return send(req, res, 405, "text/plain", "method not allowed\n");
  }
  const url = new URL(req.url ?? "/", "http://localhost");
  if (url.pathname === DIAG_PREFIX || url.pathname.startsWith(`${DIAG_PREFIX}/`)) return diag(opts, url, req, res);
  switch (url.pathname) {
    case ALIVE_PATH:
      return send(req, res, 200, "text/plain", "attache is alive\n");
    case READY_PATH: {
      const why = opts.readiness.isReady() ? await opts.proxyReady?.() : opts.readiness.reason();
      return why === undefined
        ? send(req, res, 200, "text/plain", "attache is ready\n")
        : send(req, res, 503, "text/plain", `not ready: ${why}\n`);
    }
    case METRICS_PATH:
      if (!opts.getMetrics) return send(req, res, 404, "text/plain", "metrics are not enabled\n");
      return send(req, res, 200, PROMETHEUS_TYPE, await opts.getMetrics());
    case ENVOY_METRICS_PATH:
      if (!opts.getEnvoyMetrics) return send(req, res, 404, "text/plain", "Envoy metrics are not available\n");
      return envoyMetrics(opts.getEnvoyMetrics, req, res);
    default:
      return send(req, res, 404, "text/plain", "not found\n");
  }
}

async function diag(opts: HealthServerOptions, url: URL, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const access = opts.diagAccess?.() ?? { enabled: true, allowNonLocal: opts.diagAllowNonLocal ?? false };
  const refused = diagRefusal(access, req);
  if (refused) return send(req, res, refused.status, refused.type, refused.body);
  const source: DiagSource = {
    full: async () => opts.getDiag(),
    section: async (name, params) => opts.diagSections?.(name, params),
  };
  const reply = await diagReply(source, url.pathname, url);
  const extra: Record<string, string> = reply.type.startsWith("text/html") ? { "content-security-policy": PAGE_CSP, "x-content-type-options": "nosniff" } : {};
  return send(req, res, reply.status, reply.type, reply.body, extra);
}

async function envoyMetrics(get: () => Promise<string>, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    return send(req, res, 200, PROMETHEUS_TYPE, await get());
  } catch (err) {
    return send(req, res, 503, "text/plain", `Envoy's admin API did not answer: ${err instanceof Error ? err.message : String(err)}\n`);
  }
}

function send(req: IncomingMessage, res: ServerResponse, status: number, type: string, body: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, {
    ...extra,
    "content-type": type,
    "content-length": Buffer.byteLength(body),
    "cache-control": "no-store",
  });
  res.end(req.method === "HEAD" ? undefined : body);
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((err) => (err ? reject(err) : resolve()));
    // Keep-alive clients (probes, a load balancer's health checks) must not hold shutdown open.
    server.closeAllConnections();
  });
}
