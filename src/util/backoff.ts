// Exponential backoff, capped, optionally jittered: the one retry pacing for Envoy restarts,
// API-server reconnects and status writes. Jitter matters where many attache replicas (and many
// watches in one) retry the same server: they must not retry in lockstep.

export interface BackoffPolicy {
  readonly initialMs: number;
  readonly maxMs: number;
  /** Growth per consecutive failure (default 2). */
  readonly factor?: number;
  /** Each delay is drawn from [d * (1 - jitter), d] (default 0: no jitter). */
  readonly jitter?: number;
}

/** Delay before retry number `attempt` (0-based) of an unbroken run of failures. */
export function backoffDelay(policy: BackoffPolicy, attempt: number, random: () => number = Math.random): number {
  const base = Math.min(policy.maxMs, policy.initialMs * (policy.factor ?? 2) ** Math.min(attempt, 64));
  const jitter = policy.jitter ?? 0;
  return jitter > 0 ? Math.round(base * (1 - jitter * random())) : base;
}

/** A running count of failures: `next()` gives each delay, `reset()` after a success. */
export class Backoff {
  private failures = 0;

  constructor(private readonly policy: BackoffPolicy, private readonly random: () => number = Math.random) {}

  /** The delay before the next attempt; grows with every call until `reset`. */
  next(): number {
    const delay = backoffDelay(this.policy, this.failures, this.random);
    this.failures = Math.min(this.failures + 1, 64);
    return delay;
  }

  reset(): void {
    this.failures = 0;
  }

  get consecutiveFailures(): number {
    return this.failures;
  }
}

/** `ms` ± `fraction` (e.g. a watch timeout of 300 s ± 10 %), so watches do not all end together. */
export function jittered(ms: number, fraction: number, random: () => number = Math.random): number {
  return Math.round(ms * (1 - fraction + 2 * fraction * random()));
}
