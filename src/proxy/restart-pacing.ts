// Restart pacing for a crashing child: exponential, capped, and forgiven after a stable run.
import { backoffDelay, type BackoffPolicy } from "../util/backoff.js";

export interface RestartPolicy extends BackoffPolicy {
  /** A run at least this long counts as healthy: the next failure starts from `initialMs` again. */
  readonly resetAfterMs: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = { initialMs: 250, maxMs: 10_000, resetAfterMs: 30_000 };

/**
 * The delay before the next restart and the new count of consecutive failures, given the count
 * so far and how long the child that just died had been up.
 */
export function onChildDeath(policy: RestartPolicy, failures: number, uptimeMs: number): { delayMs: number; failures: number } {
  const prior = uptimeMs >= policy.resetAfterMs ? 0 : failures;
  return { delayMs: backoffDelay(policy, prior), failures: prior + 1 };
}
