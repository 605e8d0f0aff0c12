// Real TLS clients and servers for e2e tests: HTTPS and HTTP/2 requests that report what the
// handshake gave (the served certificate's subject, protocol, cipher, ALPN), and TLS backends
// (optionally requiring client certificates) that echo what they received.
import { createServer as createHttpsServer, request as httpsRequest, Agent as HttpsAgent } from "node:https";
import { connect as http2Connect } from "node:http2";
import type { IncomingHttpHeaders } from "node:http";
import type { TLSSocket } from "node:tls";
import type { Backend, Echo } from "./backend.js";

export interface TlsOptions {
  /** SNI; omitted: no SNI at all. */
  readonly servername?: string;
  /** Host header (default: servername). */
  readonly host?: string;
  /** CA certificates to verify the server; omitted: not verified (the tests read the subject). */
  readonly ca?: string;
  readonly cert?: string;
  readonly key?: string;
  readonly minVersion?: "TLSv1" | "TLSv1.1" | "TLSv1.2" | "TLSv1.3";
  readonly maxVersion?: "TLSv1" | "TLSv1.1" | "TLSv1.2" | "TLSv1.3";
  readonly ciphers?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** A keep-alive agent to reuse connections; default a fresh connection per request. */
  readonly agent?: HttpsAgent;
  readonly timeoutMs?: number;
}

export interface TlsResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly json: any;
  /** CN of the certificate the server presented. */
  readonly peerCn: string;
  /** SHA-256 fingerprint of that certificate (tells two certificates for one name apart). */
  readonly peerFingerprint: string;
  /** Whether the request went over a reused (kept-alive) connection. */
  readonly reused: boolean;
  readonly protocol: string;
  readonly cipher: string;
  readonly alpn: string | false;
}

/** One HTTPS/1.1 request to 127.0.0.1:port. Rejects on handshake failure. */
export function tlsRequest(port: number, path: string, o: TlsOptions = {}): Promise<TlsResponse> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest({
      host: "127.0.0.1",
      port,
      path,
      servername: o.servername ?? "",
      headers: { host: o.host ?? o.servername ?? "localhost", ...(o.headers ?? {}) },
      ca: o.ca,
      cert: o.cert,
      key: o.key,
      minVersion: o.minVersion,
      maxVersion: o.maxVersion,
      ciphers: o.ciphers,
      rejectUnauthorized: o.ca !== undefined,
      agent: o.agent ?? false,
    }, (res) => {
      const socket = res.socket as TLSSocket;
      const peer = socket.getPeerCertificate();
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("error", reject);
      res.on("end", () => {
        const body = Buffer.concat(chunks).toString("utf8");
        resolve({
          status: res.statusCode ?? 0, headers: res.headers, body, json: parseJson(body),
          peerCn: String(peer?.subject?.CN ?? ""), peerFingerprint: String(peer?.fingerprint256 ?? ""), reused: req.reusedSocket, protocol: socket.getProtocol() ?? "", cipher: socket.getCipher()?.name ?? "", alpn: socket.alpnProtocol ?? false,
        });
      });
    });
    req.setTimeout(o.timeoutMs ?? 10_000, () => req.destroy(new Error(`TLS request ${path} timed out`)));
    req.on("error", reject);
    req.end();
  });
}

/** The error a request fails with, or undefined when it got an answer. */
export async function tlsFailure(port: number, path: string, o: TlsOptions = {}): Promise<string | undefined> {
  try {
    const r = await tlsRequest(port, path, o);
    return r.status === 0 ? "no status" : undefined;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code ?? (err as Error).message;
  }
}

/** One request over HTTP/2 (ALPN h2); resolves with the status, body and negotiated ALPN. */
export function h2Request(port: number, path: string, o: TlsOptions = {}): Promise<{ status: number; body: string; alpn: string | false }> {
  return new Promise((resolve, reject) => {
    const session = http2Connect(`https://127.0.0.1:${port}`, {
      servername: o.servername, ca: o.ca, rejectUnauthorized: o.ca !== undefined, ALPNProtocols: ["h2"],
    });
    session.on("error", reject);
    const req = session.request({ ":path": path, ":authority": o.host ?? o.servername ?? "localhost" });
    let status = 0;
    const chunks: Buffer[] = [];
    req.on("response", (h) => (status = Number(h[":status"] ?? 0)));
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("error", (e) => { session.close(); reject(e); });
    req.on("end", () => {
      const alpn = (session.socket as TLSSocket).alpnProtocol ?? false;
      session.close();
      resolve({ status, body: Buffer.concat(chunks).toString("utf8"), alpn });
    });
    req.end();
  });
}

export interface TlsBackendOptions {
  readonly cert: string;
  readonly key: string;
  /** Require a client certificate signed by this CA (upstream mTLS). */
  readonly clientCa?: string;
}

/** An HTTPS echo backend on 127.0.0.1; with clientCa, only clients with a valid certificate get in. */
export function startTlsBackend(name: string, o: TlsBackendOptions): Promise<Backend & { readonly clientCns: string[] }> {
  const received: Echo[] = [];
  const clientCns: string[] = [];
  const server = createHttpsServer({
    cert: o.cert, key: o.key,
    ...(o.clientCa ? { ca: o.clientCa, requestCert: true, rejectUnauthorized: true } : {}),
  }, (req, res) => {
    const url = new URL(req.url ?? "/", "https://backend.invalid");
    const echo: Echo = { backend: name, method: req.method ?? "", path: url.pathname, query: Object.fromEntries(url.searchParams), headers: req.headers };
    received.push(echo);
    const peer = (req.socket as TLSSocket).getPeerCertificate?.();
    if (peer?.subject?.CN) clientCns.push(String(peer.subject.CN));
    const body = JSON.stringify(echo);
    res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body), "x-backend-name": name });
    res.end(body);
  });
  server.keepAliveTimeout = 0;
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const addr = server.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      resolve({
        name, port, service: `127.0.0.1:${port}`, received, clientCns,
        setStatus: () => undefined,
        stop: () => new Promise<void>((done) => { server.close(() => done()); server.closeAllConnections(); }),
      });
    });
  });
}

function parseJson(body: string): any {
  try {
    return body.startsWith("{") ? JSON.parse(body) : undefined;
  } catch {
    return undefined;
  }
}
