// Finding the one resource behind a NACK that several could have caused. Quarantining every
// suspect would take innocent routes down with the culprit, so half of the suspects are held
// back and the rest are sent: an ACK clears what was sent (the culprit is among those held),
// a NACK clears what was held (it is among those sent). Each push halves the suspects; after
// about log2(n) pushes one is left, and only it is quarantined.
import { refKey, type ResourceRef } from "../core/diagnostics.js";

export type BisectionStep =
  /** Keep going: translate again without `held`. */
  | { readonly kind: "test"; readonly held: readonly ResourceRef[] }
  /** Done: quarantine `culprit`. */
  | { readonly kind: "found"; readonly culprit: ResourceRef };

export class Bisection {
  private suspects: readonly ResourceRef[];
  private heldNow: readonly ResourceRef[] = [];
  /** Serial of the first snapshot published with `heldNow` held back; outcomes before it are stale. */
  private testSerial: number | undefined;

  constructor(readonly typeUrl: string, suspects: readonly ResourceRef[], private readonly message: string) {
    this.suspects = suspects;
  }

  get reason(): string {
    return this.message;
  }

  /** Resources to leave out of translations while the bisection runs. */
  held(): readonly ResourceRef[] {
    return this.heldNow;
  }

  start(): BisectionStep {
    return this.next();
  }

  /** The snapshot published after a step: the one whose outcome decides it. */
  published(serial: number): void {
    this.testSerial ??= serial;
  }

  awaitingPublish(): boolean {
    return this.testSerial === undefined;
  }

  /** Whether an outcome for snapshot `serial` decides the current step. */
  decides(serial: number): boolean {
    return this.testSerial !== undefined && serial >= this.testSerial;
  }

  /** Envoy's answer to the snapshot that held `held()` back. */
  outcome(accepted: boolean): BisectionStep {
    const held = new Set(this.heldNow.map(refKey));
    this.suspects = this.suspects.filter((r) => held.has(refKey(r)) === accepted);
    return this.next();
  }

  private next(): BisectionStep {
    const [only] = this.suspects;
    if (this.suspects.length <= 1 && only) {
      this.heldNow = [];
      return { kind: "found", culprit: only };
    }
    this.heldNow = this.suspects.slice(0, Math.ceil(this.suspects.length / 2));
    this.testSerial = undefined;
    return { kind: "test", held: this.heldNow };
  }
}
