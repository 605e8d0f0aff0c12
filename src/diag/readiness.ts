// The readiness flag behind `check_ready`: false until the runtime has seen Envoy ACK a first
// complete configuration; it can drop again (e.g. while Envoy restarts) with a reason.

export interface Readiness {
  isReady(): boolean;
  /** Why the control plane is not ready (empty when ready). */
  reason(): string;
}

export const INITIAL_REASON = "waiting for Envoy to acknowledge the first complete configuration";

export class ReadyFlag implements Readiness {
  private ready = false;
  private why = INITIAL_REASON;
  private stopping = false;

  isReady(): boolean {
    return this.ready;
  }

  reason(): string {
    return this.ready ? "" : this.why;
  }

  markReady(): void {
    if (!this.stopping) this.ready = true;
  }

  /** Not ready for good: a configuration acknowledged during shutdown must not bring it back. */
  markStopping(reason: string): void {
    this.stopping = true;
    this.markNotReady(reason);
  }

  markNotReady(reason: string): void {
    this.ready = false;
    this.why = reason;
  }
}
