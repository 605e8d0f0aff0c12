// Envoy's own readiness: its static ready listener (`GET /ready`, answered by worker threads).
// attache's check_ready follows it, so a frozen or draining Envoy is not reported ready just
// because it once acknowledged a configuration.
import { request } from "node:http";
import { READY_PATH } from "./bootstrap.js";

export const ENVOY_READY_TIMEOUT_MS = 1000;

/** Undefined when Envoy answers 200 in time; otherwise why not. */
export function probeEnvoyReady(port: number, timeoutMs = ENVOY_READY_TIMEOUT_MS): Promise<string | undefined> {
  return new Promise((resolve) => {
    const req = request({ host: "127.0.0.1", port, path: READY_PATH, agent: false, timeout: timeoutMs }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode === 200 ? undefined : `Envoy's ${READY_PATH} answered ${res.statusCode ?? 0}`));
    });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", (err) => resolve(err.message === "timeout"
      ? `Envoy's ${READY_PATH} did not answer within ${timeoutMs} ms`
      : `Envoy's ${READY_PATH} is unreachable (${err.message})`));
    req.end();
  });
}
