// A small Kubernetes API client: kubeconfig / in-cluster credentials come from
// @kubernetes/client-node (which handles every auth method), requests and watch streams are
// plain node:https so attache controls timeouts, backoff and resourceVersions itself.
import { request as httpsRequest, Agent, type RequestOptions } from "node:https";
import { request as httpRequest } from "node:http";
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
  const base: RequestOptions = {};
  await kc.applyToHTTPSOptions(base);
  const url = new URL(cluster.server);
  const secure = url.protocol === "https:";
  const agent = secure ? new Agent({ ca: base.ca, cert: base.cert, key: base.key, rejectUnauthorized: base.rejectUnauthorized, keepAlive: true }) : undefined;
  // Exec plugins and token files can rotate credentials: refresh headers per request.
  const headers = async (): Promise<Record<string, string>> => {
    const o: RequestOptions = {};
    await kc.applyToHTTPSOptions(o);
    const h: Record<string, string> = {};
    for (const [k, v] of Object.entries(o.headers ?? {})) if (typeof v === "string") h[k] = v;
    if (o.auth) h["Authorization"] = `Basic ${Buffer.from(o.auth).toString("base64")}`;
    return h;
  };
  const open = async (method: string, path: string, ro: KubeRequestOptions, extra: Record<string, string> = {}) => {
    const body = ro.body === undefined ? undefined : typeof ro.body === "string" ? ro.body : JSON.stringify(ro.body);
    const h: Record<string, string> = { Accept: "application/json", ...(await headers()), ...extra };
    if (body !== undefined) h["Content-Type"] = ro.contentType ?? "application/json";
    const target = new URL(path, url);
    const send = secure ? httpsRequest : httpRequest;
    const req = send(target, { method, headers: h, agent, signal: ro.signal });
    if (ro.timeoutMs) req.setTimeout(ro.timeoutMs, () => req.destroy(new Error(`${method} ${path} timed out after ${ro.timeoutMs} ms`)));
    req.end(body);
    return req;
  };
  const client: KubeClient = {
    server: cluster.server,
    async request(method, path, ro = {}) {
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
    },
    async getJson<T>(path: string, ro: KubeRequestOptions = {}) {
      const res = await client.request("GET", path, ro);
      if (res.status < 200 || res.status >= 300) throw new KubeError(res.status, res.body, `GET ${path}`);
      return JSON.parse(res.body) as T;
    },
    async stream(path, onObject, so) {
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
          let buffered = "";
          let idle: NodeJS.Timeout | undefined;
          const arm = () => {
            if (!so.idleTimeoutMs) return;
            clearTimeout(idle);
            idle = setTimeout(() => req.destroy(new Error(`watch ${path} stalled: nothing for ${so.idleTimeoutMs} ms`)), so.idleTimeoutMs);
          };
          arm();
          res.setEncoding("utf8");
          res.on("data", (chunk: string) => {
            arm();
            buffered += chunk;
            let nl: number;
            while ((nl = buffered.indexOf("\n")) >= 0) {
              const line = buffered.slice(0, nl).trim();
              buffered = buffered.slice(nl + 1);
              if (line) onObject(JSON.parse(line));
            }
          });
          res.on("error", (err) => { clearTimeout(idle); if (so.signal.aborted) resolve(); else reject(err); });
          res.on("end", () => { clearTimeout(idle); resolve(); });
          res.on("close", () => { clearTimeout(idle); resolve(); });
        });
      });
    },
  };
  return client;
}
