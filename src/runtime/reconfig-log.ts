// The last few reconfigurations (translate, encode, publish) with the time each stage took, for
// diagnostics and metrics. Timings are observations of the loop, never inputs to it.
import type { StageTimings } from "../pipeline/translate.js";

export interface StageDurations extends StageTimings {
  readonly encode: number;
  readonly total: number;
}

export interface Reconfiguration {
  /** Serial of the snapshot built; unpublished when no type's version changed. */
  readonly serial: number;
  readonly at: string;
  readonly published: boolean;
  /** Milliseconds per stage, rounded to 0.1 ms. */
  readonly ms: StageDurations;
  /** Envoy types (`listener`, `route`, ...) whose version changed. */
  readonly changedTypes: readonly string[];
  readonly sourceGeneration: number;
}

const KEEP = 20;

export class ReconfigLog {
  private readonly entries: Reconfiguration[] = [];

  add(r: Reconfiguration): void {
    this.entries.unshift(r);
    if (this.entries.length > KEEP) this.entries.length = KEEP;
  }

  /** Newest first. */
  recent(): readonly Reconfiguration[] {
    return [...this.entries];
  }
}

export function roundMs(ms: number): number {
  return Math.round(ms * 10) / 10;
}
