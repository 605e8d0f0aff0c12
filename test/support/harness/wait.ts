// Bounded polling: every wait in the e2e suite has a deadline and says what it waited for.

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export interface WaitOptions {
  readonly intervalMs?: number;
  /** Shown in the timeout error, e.g. "route /foo/ to serve 200". */
  readonly what?: string;
}

/**
 * Calls `fn` until it returns a truthy value (which is returned) or `timeoutMs` passes.
 * Exceptions from `fn` count as "not yet"; the last one (or last value) is in the timeout error.
 */
export async function waitFor<T>(fn: () => T | Promise<T>, timeoutMs: number, opts: WaitOptions = {}): Promise<NonNullable<T>> {
  const interval = opts.intervalMs ?? 50;
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v as NonNullable<T>;
      last = v;
    } catch (err) {
      last = err;
    }
    if (Date.now() >= deadline) break;
    await sleep(Math.min(interval, Math.max(0, deadline - Date.now())));
  }
  const detail = last instanceof Error ? last.message : JSON.stringify(last);
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${opts.what ?? "condition"} (last: ${detail})`);
}

/** Like waitFor, but also reports how long it took (ms since `since`, default: now). */
export async function timeUntil<T>(
  fn: () => T | Promise<T>,
  timeoutMs: number,
  opts: WaitOptions & { readonly since?: number } = {},
): Promise<{ value: NonNullable<T>; ms: number }> {
  const start = opts.since ?? Date.now();
  const value = await waitFor(fn, timeoutMs, { intervalMs: 10, ...opts });
  return { value, ms: Date.now() - start };
}
