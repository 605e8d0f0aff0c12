// Restart pacing for a crashing child: exponential, capped, and forgiven after a stable run.

export interface BackoffPolicy {
  readonly initialMs: number;
  readonly maxMs: number;
  /** A run at least this long counts as healthy: the next failure starts from `initialMs` again. */
  readonly resetAfterMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 250, maxMs: 10_000, resetAfterMs: 30_000 };

/** Delay before restart number `attempt` (0-based) of an unbroken run of failures. */
export function backoffDelay(policy: BackoffPolicy, attempt: number): number {
  return Math.min(policy.maxMs, policy.initialMs * 2 ** Math.min(attempt, 30));
}

/**
 * The delay before the next restart and the new count of consecutive failures, given the count
 * so far and how long the child that just died had been up.
 */
export function onChildDeath(policy: BackoffPolicy, failures: number, uptimeMs: number): { delayMs: number; failures: number } {
  const prior = uptimeMs >= policy.resetAfterMs ? 0 : failures;
  return { delayMs: backoffDelay(policy, prior), failures: prior + 1 };
}
