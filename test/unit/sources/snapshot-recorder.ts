// Records the snapshots a source emits and waits for one that satisfies a condition.
import type { SourceSnapshot } from "../../../src/core/source-document.js";

export interface Recorded {
  readonly snapshot: SourceSnapshot;
  readonly at: number;
}

export class SnapshotRecorder {
  readonly seen: Recorded[] = [];
  private waiters: Array<() => void> = [];

  readonly listener = (snapshot: SourceSnapshot): void => {
    this.seen.push({ snapshot, at: performance.now() });
    for (const wake of this.waiters.splice(0)) wake();
  };

  get last(): SourceSnapshot | undefined {
    return this.seen.at(-1)?.snapshot;
  }

  /** The first snapshot that satisfies `ok` among those recorded from now (or from index `from`) on. */
  async waitFor(ok: (s: SourceSnapshot) => boolean, what: string, timeoutMs = 3_000, from = this.seen.length): Promise<Recorded> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const found = this.seen.slice(from).find((r) => ok(r.snapshot));
      if (found) return found;
      const left = deadline - performance.now();
      if (left <= 0) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last: ${describe(this.last)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}

export function describe(s: SourceSnapshot | undefined): string {
  if (!s) return "(none)";
  const docs = s.documents.map((d) => `${d.location.file}:${d.location.line}=${JSON.stringify(d.value)}`);
  return `generation ${s.generation}: [${docs.join(", ")}] diagnostics: ${s.diagnostics.map((d) => d.message).join("; ")}`;
}

/** Values of the documents that come from `file`. */
export function valuesOf(s: SourceSnapshot, file: string): unknown[] {
  return s.documents.filter((d) => d.location.file === file).map((d) => d.value);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
