// Runs an async task one at a time; a request during a run schedules exactly one more run,
// so no change that arrives mid-scan is lost and scans never overlap.

export class SerialRunner {
  private running: Promise<void> | undefined;
  private again = false;

  constructor(private readonly task: () => Promise<void>) {}

  request(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.loop().finally(() => (this.running = undefined));
    return this.running;
  }

  /** Resolves when no run is in progress. */
  idle(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      await this.task();
    } while (this.again);
  }
}
