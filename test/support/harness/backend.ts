// A real HTTP backend for e2e tests: answers every request with a JSON echo of what it received,
// so tests can assert on the path, query and headers Envoy forwarded.
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";

export interface Echo {
  readonly backend: string;
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly headers: IncomingHttpHeaders;
}

export interface BackendOptions {
  /** Status for every answer unless the request asks for another (default 200). */
  readonly status?: number;
  /** Headers added to every answer (besides `x-backend-name`). */
  readonly responseHeaders?: Readonly<Record<string, string>>;
}

export interface Backend {
  readonly name: string;
  readonly port: number;
  /** `127.0.0.1:port`, the form a Mapping's `service` takes. */
  readonly service: string;
  /** Requests received, oldest first (the last 10,000). */
  readonly received: Echo[];
  setStatus(status: number): void;
  stop(): Promise<void>;
}

const MAX_DELAY_MS = 60_000;
const MAX_RECORDED = 10_000;

/**
 * Starts a backend on 127.0.0.1 (a free port). A request can shape the answer:
 * a path ending in `/slow` with `?ms=N`, or header `x-delay-ms: N`, delays it N ms;
 * header `x-backend-status: NNN` sets its status.
 */
export function startBackend(name: string, opts: BackendOptions = {}): Promise<Backend> {
  let status = opts.status ?? 200;
  const received: Echo[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://backend.invalid");
    const echo: Echo = {
      backend: name,
      method: req.method ?? "",
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
    };
    received.push(echo);
    if (received.length > MAX_RECORDED) received.shift();
    req.resume();
    req.on("end", () => {
      const answer = () => {
        const body = JSON.stringify(echo);
        res.writeHead(requestedStatus(req.headers) ?? status, {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(body),
          "x-backend-name": name,
          ...(opts.responseHeaders ?? {}),
        });
        res.end(body);
      };
      const delay = requestedDelay(url, req.headers);
      if (delay <= 0) return answer();
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!res.destroyed) answer();
      }, delay);
      timers.add(timer);
    });
  });
  // Envoy pools upstream connections; a short server keep-alive timeout would race with its reuse
  // and show up as spurious 503s that are the test backend's fault, not the gateway's.
  server.keepAliveTimeout = 0;
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const addr = server.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      resolve({
        name,
        port,
        service: `127.0.0.1:${port}`,
        received,
        setStatus: (s) => (status = s),
        stop: () =>
          new Promise<void>((done) => {
            for (const t of timers) clearTimeout(t);
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

function requestedDelay(url: URL, headers: IncomingHttpHeaders): number {
  const fromPath = url.pathname.endsWith("/slow") ? url.searchParams.get("ms") : null;
  const raw = fromPath ?? headerValue(headers["x-delay-ms"]);
  const ms = raw === undefined || raw === null ? 0 : Number(raw);
  return Number.isFinite(ms) ? Math.min(Math.max(ms, 0), MAX_DELAY_MS) : 0;
}

function requestedStatus(headers: IncomingHttpHeaders): number | undefined {
  const raw = headerValue(headers["x-backend-status"]);
  const code = raw === undefined ? NaN : Number(raw);
  return Number.isInteger(code) && code >= 200 && code <= 599 ? code : undefined;
}

function headerValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
