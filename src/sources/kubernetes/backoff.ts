// Jittered exponential backoff for reconnecting to the API server: many attache replicas (and
// many watches in one) must not retry in lockstep, and a long outage must not become a hot loop.

export interface BackoffPolicy {
  readonly initialMs: number;
  readonly maxMs: number;
  readonly factor: number;
  /** Each delay is drawn from [d * (1 - jitter), d]. */
  readonly jitter: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 250, maxMs: 30_000, factor: 2, jitter: 0.5 };

export class Backoff {
  private failures = 0;

  constructor(private readonly policy: BackoffPolicy = DEFAULT_BACKOFF, private readonly random: () => number = Math.random) {}

  /** The delay before the next attempt; grows with every call until `reset`. */
  next(): number {
    const { initialMs, maxMs, factor, jitter } = this.policy;
    const base = Math.min(maxMs, initialMs * factor ** this.failures);
    this.failures = Math.min(this.failures + 1, 64);
    return Math.round(base * (1 - jitter * this.random()));
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
