// Graceful drain of the supervised Envoy before it is stopped (SIGTERM in a rolling update):
// Envoy's own drain sequence keeps its listeners accepting for --drain-time-s while it asks
// clients to go elsewhere (HTTP/1 `connection: close`, HTTP/2 GOAWAY), then closes them; requests
// already in flight are then given until the deadline to finish. Only then may Envoy be stopped.
import { adminRequest, type AdminAddress } from "./envoy-admin.js";
import { silentLogger, type Logger } from "../util/logger.js";

export interface DrainOptions {
  /** Envoy admin: a Unix socket (the default) or a loopback port. */
  readonly admin: AdminAddress;
  /** Envoy's --drain-time-s: how long the listeners keep accepting while discouraging. */
  readonly drainTimeS: number;
  /** Everything (drain period and in-flight wait) ends by this time (ms since the epoch). */
  readonly deadline: number;
  readonly logger?: Logger;
  /** Resolves to end the wait early (a second signal). */
  readonly abort?: Promise<void>;
  readonly pollMs?: number;
}

export interface DrainResult {
  /** True when no downstream request was left in flight. */
  readonly drained: boolean;
  /** Requests still in flight when the wait ended. */
  readonly active: number;
  readonly ms: number;
}

/** Starts Envoy's graceful drain and waits for it and for in-flight requests, within `deadline`. */
export async function drainEnvoy(o: DrainOptions): Promise<DrainResult> {
  const log = o.logger ?? silentLogger;
  const started = Date.now();
  // skip_exit: Envoy must not exit by itself when the drain period ends; attache stops it once
  // in-flight requests are done.
  const res = await adminRequest(o.admin, "POST", "/drain_listeners?graceful&skip_exit");
  if (res.status !== 200) throw new Error(`envoy admin drain_listeners failed (${res.status}): ${res.body.trim()}`);
  log.info("draining envoy listeners", { drainTimeS: o.drainTimeS });
  let aborted = false;
  void o.abort?.then(() => (aborted = true));
  const drainEnd = Math.min(started + o.drainTimeS * 1000, o.deadline);
  const poll = o.pollMs ?? 100;
  while (!aborted && Date.now() < drainEnd) await sleep(Math.min(poll, drainEnd - Date.now()));
  let active = await activeRequests(o.admin).catch(() => 0);
  while (!aborted && active > 0 && Date.now() < o.deadline) {
    await sleep(Math.min(poll, Math.max(0, o.deadline - Date.now())));
    active = await activeRequests(o.admin).catch(() => 0);
  }
  const result = { drained: active === 0, active, ms: Date.now() - started };
  if (result.drained) log.info("envoy drained", { ms: result.ms });
  else log.warn("shutdown grace ended with requests in flight", { active, ms: result.ms });
  return result;
}

/** Downstream HTTP requests in flight on Envoy's listeners (the admin interface's own excluded). */
export async function activeRequests(admin: AdminAddress): Promise<number> {
  const res = await adminRequest(admin, "GET", "/stats?format=json&filter=downstream_rq_active$", 2_000);
  if (res.status !== 200) throw new Error(`envoy admin /stats failed (${res.status})`);
  // cast: Envoy admin's /stats JSON; both fields are read as optional.
  const stats = (JSON.parse(res.body) as { stats?: Array<{ name?: string; value?: number }> }).stats ?? [];
  return sumActive(stats);
}

/** The `http.<prefix>.downstream_rq_active` gauges summed, except the admin listener's. */
export function sumActive(stats: ReadonlyArray<{ name?: string; value?: number }>): number {
  return stats
    .filter((s) => s.name?.startsWith("http.") && s.name.endsWith(".downstream_rq_active") && !s.name.startsWith("http.admin."))
    .reduce((sum, s) => sum + (typeof s.value === "number" ? s.value : 0), 0);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}
