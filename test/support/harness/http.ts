// A small HTTP client for tests: one keep-alive agent, Host header control, JSON bodies parsed.
import { Agent, request as httpRequest, type IncomingHttpHeaders } from "node:http";

export const keepAliveAgent = new Agent({ keepAlive: true, maxSockets: 64 });

export interface RequestOptions {
  readonly host?: string;
  /** The address to connect to (default 127.0.0.1). */
  readonly address?: string;
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly timeoutMs?: number;
  /** `false`: a fresh connection, closed after the answer. */
  readonly agent?: Agent | false;
}

export interface Response {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** The parsed body when it is JSON, else undefined. */
  readonly json: any;
  readonly ms: number;
}

export type RequestError = NodeJS.ErrnoException & { reusedSocket?: boolean };

/** True for the one failure HTTP clients retry: the server closed a kept-alive socket as we reused it. */
export function isKeepAliveRace(err: unknown): boolean {
  const e = err as RequestError;
  return e?.reusedSocket === true && e.code === "ECONNRESET";
}

/** Sends one request to 127.0.0.1:port. Rejects on connection errors and after `timeoutMs` (default 10 s). */
export function request(port: number, path: string, opts: RequestOptions = {}): Promise<Response> {
  const started = Date.now();
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.host !== undefined) headers["host"] = opts.host;
  if (opts.body !== undefined) headers["content-length"] = String(Buffer.byteLength(opts.body));
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: opts.address ?? "127.0.0.1", port, path, method: opts.method ?? "GET", headers, agent: opts.agent ?? keepAliveAgent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("error", reject);
        res.on("end", () => {
          const body = Buffer.concat(chunks).toString("utf8");
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json: parseJson(body), ms: Date.now() - started });
        });
      },
    );
    req.setTimeout(opts.timeoutMs ?? 10_000, () => req.destroy(new Error(`request ${path} timed out`)));
    // Lets callers tell a reset of a reused keep-alive socket (a race with the server closing an
    // idle connection, which HTTP clients retry) from other failures.
    req.on("error", (err: RequestError) => reject(Object.assign(err, { reusedSocket: req.reusedSocket })));
    req.end(opts.body);
  });
}

function parseJson(body: string): any {
  if (!body.startsWith("{") && !body.startsWith("[")) return undefined;
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

/** GET returning only the status, with connection errors mapped to 0 (handy inside waitFor). */
export async function statusOf(port: number, path: string, opts: RequestOptions = {}): Promise<number> {
  try {
    return (await request(port, path, opts)).status;
  } catch {
    return 0;
  }
}
