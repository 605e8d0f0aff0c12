// Coalesces bursts of change notifications into one run: waits for a short quiet period, but
// never longer than `maxWaitMs` after the first notification, so a steady stream still runs.

export interface CoalescerTiming {
  readonly debounceMs: number;
  readonly maxWaitMs: number;
}

export class Coalescer {
  private timer: NodeJS.Timeout | undefined;
  private firstAt = 0;

  constructor(private readonly run: () => void, private readonly timing: CoalescerTiming) {}

  notify(): void {
    const now = Date.now();
    if (this.timer === undefined) this.firstAt = now;
    else clearTimeout(this.timer);
    const delay = Math.max(0, Math.min(this.timing.debounceMs, this.firstAt + this.timing.maxWaitMs - now));
    this.timer = setTimeout(() => this.fire(), delay);
  }

  cancel(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private fire(): void {
    this.timer = undefined;
    this.run();
  }
}
