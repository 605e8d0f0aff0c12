// The diagnostics page over HTTP: the page itself (static files from src/diag/page, no build
// step, nothing from a CDN), its JSON sections, and who may see them (Module `diagnostics`).
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import type { IncomingMessage } from "node:http";
import { fileURLToPath } from "node:url";
import { redactSecrets } from "./redact.js";

export const DIAG_PREFIX = "/ambassador/v0/diag";

export interface DiagAccess {
  readonly enabled: boolean;
  readonly allowNonLocal: boolean;
}

/** The page's data, by section; `undefined`: no such section or resource. */
export interface DiagSource {
  full(): Promise<unknown>;
  section(name: string, params: URLSearchParams): Promise<unknown>;
}

export interface DiagReply {
  readonly status: number;
  readonly type: string;
  readonly body: string;
}

// The page's files live next to the TypeScript sources (src/diag/page). Compiled code runs from
// dist/src/diag: the image puts them beside it (Dockerfile), a checkout reaches them in src/.
const PAGE_DIR = [new URL("./page/", import.meta.url), new URL("../../../src/diag/page/", import.meta.url)]
  .map((u) => fileURLToPath(u))
  .find((dir) => existsSync(`${dir}index.html`)) ?? fileURLToPath(new URL("./page/", import.meta.url));
const ASSETS: Readonly<Record<string, string>> = {
  "index.html": "text/html; charset=utf-8",
  "diag.js": "text/javascript; charset=utf-8",
  "diag.css": "text/css; charset=utf-8",
};
const assetCache = new Map<string, string>();

/** What the request may see: 404 when diagnostics are off, 403 for a non-local client unless allowed. */
export function diagRefusal(access: DiagAccess, req: IncomingMessage): DiagReply | undefined {
  if (!access.enabled) return text(404, "diagnostics are disabled (Module diagnostics.enabled: false)\n");
  if (!access.allowNonLocal && !isLoopback(req.socket.remoteAddress)) {
    return text(403, "diagnostics are only served to local clients (Module diagnostics.allow_non_local)\n");
  }
  return undefined;
}

export async function diagReply(source: DiagSource, path: string, url: URL): Promise<DiagReply> {
  if (path === `${DIAG_PREFIX}/` || path === DIAG_PREFIX) {
    if (url.searchParams.get("json") !== "true") return asset("index.html");
    const section = url.searchParams.get("section");
    const data = section ? await source.section(section, url.searchParams) : await source.full();
    if (data === undefined) return text(404, `no such diagnostics section or resource\n`);
    return { status: 200, type: "application/json", body: JSON.stringify(redactSecrets(data), null, section ? 0 : 2) + "\n" };
  }
  const file = path.slice(`${DIAG_PREFIX}/static/`.length);
  if (path.startsWith(`${DIAG_PREFIX}/static/`) && ASSETS[file]) return asset(file);
  return text(404, "not found\n");
}

async function asset(file: string): Promise<DiagReply> {
  let body = assetCache.get(file);
  if (body === undefined) assetCache.set(file, (body = await readFile(PAGE_DIR + file, "utf8")));
  return { status: 200, type: ASSETS[file] ?? "text/plain", body };
}

function text(status: number, body: string): DiagReply {
  return { status, type: "text/plain", body };
}

export function isLoopback(addr: string | undefined): boolean {
  return !!addr && (addr === "::1" || addr.startsWith("127.") || addr.startsWith("::ffff:127."));
}
