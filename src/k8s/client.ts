// A small Kubernetes API client: kubeconfig / in-cluster credentials come from
// @kubernetes/client-node (which handles every auth method), requests and watch streams are
// plain node:https so attache controls timeouts, backoff and resourceVersions itself.
import { request as httpsRequest, Agent, type RequestOptions } from "node:https";
import { request as httpRequest, type ClientRequest } from "node:http";
import { KubeConfig } from "@kubernetes/client-node";

export interface KubeResponse {
  readonly status: number;
  readonly body: string;
}

export interface KubeRequestOptions {
  readonly body?: unknown;
  readonly contentType?: string;
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

export interface KubeClient {
  /** Base URL of the API server. */
  readonly server: string;
  request(method: string, path: string, opts?: KubeRequestOptions): Promise<KubeResponse>;
  /** GET that parses JSON; throws KubeError on a non-2xx status. */
  getJson<T>(path: string, opts?: KubeRequestOptions): Promise<T>;
  /** Streams newline-delimited JSON (a watch) until the server closes or `signal` aborts. */
  stream(path: string, onObject: (obj: unknown) => void, opts: StreamOptions): Promise<void>;
}

export interface StreamOptions {
  readonly signal: AbortSignal;
  /** Ends the stream (as a normal close) when nothing arrives for this long: a stall watchdog. */
  readonly idleTimeoutMs?: number;
  /** Called once the server accepted the stream (a 2xx response), before any object. */
  readonly onOpen?: () => void;
}

export class KubeError extends Error {
  constructor(readonly status: number, readonly body: string, what: string) {
    super(`${what}: HTTP ${status}: ${body.slice(0, 300)}`);
  }
}

export interface KubeClientOptions {
  /** Path of a kubeconfig; default: in-cluster when inside a pod, else $KUBECONFIG / ~/.kube/config. */
  readonly kubeconfig?: string;
}

export async function loadKubeClient(opts: KubeClientOptions = {}): Promise<KubeClient> {
  const kc = new KubeConfig();
  if (opts.kubeconfig) kc.loadFromFile(opts.kubeconfig);
  else if (process.env["KUBERNETES_SERVICE_HOST"]) kc.loadFromCluster();
  else kc.loadFromDefault();
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error("kubeconfig has no current cluster");
  const open = await opener(kc, new URL(cluster.server));
  const client: KubeClient = {
    server: cluster.server,
    request: (method, path, ro = {}) => requestOnce(open, method, path, ro),
    async getJson<T>(path: string, ro: KubeRequestOptions = {}) {
      const res = await client.request("GET", path, ro);
      if (res.status < 200 || res.status >= 300) throw new KubeError(res.status, res.body, `GET ${path}`);
      // cast: the API server's answer is trusted to have the shape of the resource asked for.
      return JSON.parse(res.body) as T;
    },
    stream: (path, onObject, so) => streamLines(open, path, onObject, so),
  };
  return client;
}

type Opener = (method: string, path: string, ro: KubeRequestOptions) => Promise<ClientRequest>;

async function opener(kc: KubeConfig, url: URL): Promise<Opener> {
  const base: RequestOptions = {};
  await kc.applyToHTTPSOptions(base);
  const secure = url.protocol === "https:";
  const agent = secure ? new Agent({ ca: base.ca, cert: base.cert, key: base.key, rejectUnauthorized: base.rejectUnauthorized, keepAlive: true }) : undefined;
  return async (method, path, ro) => {
    const body = ro.body === undefined ? undefined : typeof ro.body === "string" ? ro.body : JSON.stringify(ro.body);
    const h: Record<string, string> = { Accept: "application/json", ...(await headers(kc)) };
    if (body !== undefined) h["Content-Type"] = ro.contentType ?? "application/json";
    const send = secure ? httpsRequest : httpRequest;
    const req = send(new URL(path, url), { method, headers: h, agent, signal: ro.signal });
    if (ro.timeoutMs) req.setTimeout(ro.timeoutMs, () => req.destroy(new Error(`${method} ${path} timed out after ${ro.timeoutMs} ms`)));
    req.end(body);
    return req;
  };
}

// Exec plugins and token files can rotate credentials: refresh headers per request.
async function headers(kc: KubeConfig): Promise<Record<string, string>> {
  const o: RequestOptions = {};
  await kc.applyToHTTPSOptions(o);
  const h: Record<string, string> = {};
  for (const [k, v] of Object.entries(o.headers ?? {})) if (typeof v === "string") h[k] = v;
  if (o.auth) h["Authorization"] = `Basic ${Buffer.from(o.auth).toString("base64")}`;
  return h;
}

async function requestOnce(open: Opener, method: string, path: string, ro: KubeRequestOptions): Promise<KubeResponse> {
  const req = await open(method, path, ro);
  return new Promise<KubeResponse>((resolve, reject) => {
    req.on("error", reject);
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("error", reject);
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
    });
  });
}

async function streamLines(open: Opener, path: string, onObject: (obj: unknown) => void, so: StreamOptions): Promise<void> {
  const req = await open("GET", path, { signal: so.signal });
  await new Promise<void>((resolve, reject) => {
    req.on("error", (err) => (so.signal.aborted ? resolve() : reject(err)));
    req.on("response", (res) => {
      if ((res.statusCode ?? 0) >= 300) {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => reject(new KubeError(res.statusCode ?? 0, Buffer.concat(chunks).toString("utf8"), `watch ${path}`)));
        return;
      }
      so.onOpen?.();
      let idle: NodeJS.Timeout | undefined;
      const arm = () => {
        if (!so.idleTimeoutMs) return;
        clearTimeout(idle);
        idle = setTimeout(() => req.destroy(new Error(`watch ${path} stalled: nothing for ${so.idleTimeoutMs} ms`)), so.idleTimeoutMs);
      };
      let ended = false;
      const end = (err?: Error) => {
        ended = true;
        clearTimeout(idle);
        if (err && !so.signal.aborted) reject(err);
        else resolve();
      };
      // A line that is not JSON ends the watch as a failure, like a broken connection: the
      // list-watch loop reports it and watches again after its backoff.
      const onLine = (line: string) => {
        if (ended) return;
        const parsed = parseLine(line, path);
        if (parsed instanceof Error) {
          end(parsed);
          req.destroy();
        } else onObject(parsed.value);
      };
      arm();
      res.setEncoding("utf8");
      res.on("data", lineSplitter(onLine, arm));
      res.on("error", (err) => end(err));
      res.on("end", () => end());
      res.on("close", () => end());
    });
  });
}

/** Feeds whole, non-blank lines of a chunked stream to `onLine`; `onChunk` sees every chunk first. */
function lineSplitter(onLine: (line: string) => void, onChunk: () => void): (chunk: string) => void {
  let buffered = "";
  return (chunk) => {
    onChunk();
    buffered += chunk;
    let nl: number;
    while ((nl = buffered.indexOf("\n")) >= 0) {
      const line = buffered.slice(0, nl).trim();
      buffered = buffered.slice(nl + 1);
      if (line) onLine(line);
    }
  };
}

// The line is not quoted (nor JSON.parse's message, which quotes it): watches carry Secrets.
function parseLine(line: string, path: string): { value: unknown } | Error {
  try {
    return { value: JSON.parse(line) };
  } catch {
    return new Error(`watch ${path} sent a line that is not JSON (${line.length} characters)`);
  }
}
