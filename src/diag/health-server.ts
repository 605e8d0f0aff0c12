// The health and diagnostics HTTP endpoint (Ambassador's paths, on 127.0.0.1:8877 by default).
// A thin shell: liveness is "this server answers", readiness and diagnostics come from the
// runtime through `readiness` and `getDiag`.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { silentLogger, type Logger } from "../util/logger.js";
import type { Readiness } from "./readiness.js";
import { redactSecrets } from "./redact.js";

export const ALIVE_PATH = "/ambassador/v0/check_alive";
export const READY_PATH = "/ambassador/v0/check_ready";
export const DIAG_PATH = "/ambassador/v0/diag/";
const METRICS_PATH = "/metrics";

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
  /**
   * Prometheus text exposition for `/metrics` (e.g. Envoy's `/stats/prometheus` through
   * `envoyPrometheusStats`, plus attache's own); absent: `/metrics` is 404.
   */
  readonly getMetrics?: () => string | Promise<string>;
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
  switch (url.pathname) {
    case ALIVE_PATH:
      return send(req, res, 200, "text/plain", "attache is alive\n");
    case READY_PATH: {
      const why = opts.readiness.isReady() ? await opts.proxyReady?.() : opts.readiness.reason();
      return why === undefined
        ? send(req, res, 200, "text/plain", "attache is ready\n")
        : send(req, res, 503, "text/plain", `not ready: ${why}\n`);
    }
    case DIAG_PATH:
    case DIAG_PATH.slice(0, -1):
      return diag(opts, url, req, res);
    case METRICS_PATH:
      if (!opts.getMetrics) return send(req, res, 404, "text/plain", "metrics are not enabled\n");
      return send(req, res, 200, "text/plain; version=0.0.4; charset=utf-8", await opts.getMetrics());
    default:
      return send(req, res, 404, "text/plain", "not found\n");
  }
}

async function diag(opts: HealthServerOptions, url: URL, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (!opts.diagAllowNonLocal && !isLoopback(req.socket.remoteAddress)) {
    return send(req, res, 403, "text/plain", "diagnostics are only served to local clients\n");
  }
  const body = JSON.stringify(redactSecrets(await opts.getDiag()), null, 2) + "\n";
  if (url.searchParams.get("json") === "true") return send(req, res, 200, "application/json", body);
  return send(req, res, 200, "text/html; charset=utf-8", diagHtml(body));
}

function diagHtml(json: string): string {
  return `<!doctype html>\n<html><head><meta charset="utf-8"><title>attache diagnostics</title></head>\n` +
    `<body><h1>attache diagnostics</h1><p><a href="?json=true">JSON</a></p><pre>${escapeHtml(json)}</pre></body></html>\n`;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function isLoopback(addr: string | undefined): boolean {
  return !!addr && (addr === "::1" || addr.startsWith("127.") || addr.startsWith("::ffff:127."));
}

function send(req: IncomingMessage, res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, {
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
    // Keep-alive clients (probes) must not hold shutdown open.
    server.closeIdleConnections();
  });
}
