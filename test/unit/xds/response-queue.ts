// Responses of a test ADS stream (either flavour), queued for the test to take in order.
import type { ClientDuplexStream } from "@grpc/grpc-js";

export class ResponseQueue<Res> {
  private readonly queue: Res[] = [];
  private waiter: (() => void) | undefined;
  ended: Error | undefined;

  constructor(stream: ClientDuplexStream<never, Res>, onResponse: (r: Res) => void = () => {}) {
    stream.on("data", (r: Res) => {
      this.queue.push(r);
      onResponse(r);
      this.waiter?.();
    });
    stream.on("error", (e: Error) => {
      this.ended = e;
      this.waiter?.();
    });
  }

  async next(timeoutMs = 3000): Promise<Res> {
    const deadline = Date.now() + timeoutMs;
    while (this.queue.length === 0) {
      if (this.ended) throw this.ended;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no response within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiter = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.waiter = undefined;
    }
    return this.queue.shift()!;
  }

  /** Resolves with whatever arrived within `ms` (normally expected to be nothing). */
  async drain(ms: number): Promise<Res[]> {
    await new Promise((r) => setTimeout(r, ms));
    return this.queue.splice(0);
  }
}
