// The contract of a source: a directory watcher or the Kubernetes API.
import type { SourceSnapshot } from "../core/source-document.js";

export interface Source {
  /** Resolves with the first complete snapshot. */
  start(onSnapshot: (s: SourceSnapshot) => void): Promise<SourceSnapshot>;
  stop(): Promise<void>;
}
