// A work queue that coalesces by key (only the latest item per key is pending: a burst of
// changes to one object is one write) and runs at most `concurrency` items at a time, started
// no faster than `perSecond` — so 1,000 changed objects never mean 1,000 concurrent requests.
export interface KeyedQueueOptions {
  readonly concurrency: number;
  readonly perSecond: number;
}

export class KeyedQueue<T> {
  private readonly pending = new Map<string, T>();
  private readonly running = new Set<string>();
  private nextStart = 0;
  private idleWaiters: (() => void)[] = [];
  private stopped = false;

  constructor(private readonly work: (key: string, item: T) => Promise<void>, private readonly opts: KeyedQueueOptions) {}

  submit(key: string, item: T): void {
    if (this.stopped) return;
    this.pending.set(key, item);
    this.pump();
  }

  /** Drops what has not started; running items finish. */
  clear(): void {
    this.pending.clear();
    this.settle();
  }

  stop(): void {
    this.stopped = true;
    this.clear();
  }

  size(): number {
    return this.pending.size + this.running.size;
  }

  /** Resolves once nothing is pending or running. */
  idle(): Promise<void> {
    if (this.size() === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    while (this.running.size < this.opts.concurrency) {
      // A key being written waits for that write: two writes of one object never race.
      const next = [...this.pending].find(([k]) => !this.running.has(k));
      if (next === undefined) return;
      const [key, item] = next;
      this.pending.delete(key);
      this.running.add(key);
      void this.run(key, item);
    }
  }

  private async run(key: string, item: T): Promise<void> {
    const now = Date.now();
    const start = Math.max(now, this.nextStart);
    this.nextStart = start + 1000 / this.opts.perSecond;
    if (start > now) await new Promise((r) => setTimeout(r, start - now));
    try {
      await this.work(key, item);
    } finally {
      this.running.delete(key);
      if (!this.stopped) this.pump();
      this.settle();
    }
  }

  private settle(): void {
    if (this.size() > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}
