// Assertions shared by the e2e tests, with messages that show what Envoy actually answered.
import assert from "node:assert/strict";
import type { Echo } from "./backend.js";
import type { Response } from "./http.js";

export function describeResponse(res: Response): string {
  const server = res.headers["server"] ?? "";
  const flags = res.headers["x-envoy-response-flags"] ?? "";
  return `${res.status} (server ${server}${flags ? `, flags ${flags}` : ""}) ${res.body.slice(0, 300)}`;
}

/** Asserts a 200 from the named backend and returns what the backend received. */
export function echoFrom(res: Response, backend: string, what = ""): Echo {
  assert.equal(res.status, 200, `${what}: expected 200 from ${backend}, got ${describeResponse(res)}`);
  assert.ok(res.json && typeof res.json === "object", `${what}: expected a JSON echo, got ${describeResponse(res)}`);
  assert.equal(res.json.backend, backend, `${what}: expected backend ${backend}, got ${res.json.backend}`);
  return res.json as Echo;
}

export function assertStatus(res: Response, status: number, what = ""): void {
  assert.equal(res.status, status, `${what}: expected ${status}, got ${describeResponse(res)}`);
}

/** The last `n` lines of a process log matching `re`: context for a timing failure. */
export function recentLines(log: string, re: RegExp, n = 5): string {
  const lines = log.split("\n").filter((l) => re.test(l));
  return lines.slice(-n).join("\n");
}

/** attache's recent "published configuration ... ms=N" lines, to tell its own time from Envoy's. */
export function publishLog(stderr: string): string {
  return `\nrecent publishes:\n${recentLines(stderr, /published configuration/)}`;
}
