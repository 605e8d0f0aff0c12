// The snapshots the ADS server serves, and who is watching them. Keyed by node id so nodes can
// get their own snapshots later; for now every node is in one group and gets the same one.
import type { Snapshot } from "./snapshot.js";

export type SnapshotWatcher = (snapshot: Snapshot) => void;

export class XdsCache {
  private current: Snapshot | undefined;
  private readonly watchers = new Map<string, Set<SnapshotWatcher>>();

  /** Publishes `snapshot` to every node. Returns false (and ignores it) when not newer than the current one. */
  setSnapshot(snapshot: Snapshot): boolean {
    if (this.current && snapshot.serial <= this.current.serial) return false;
    this.current = snapshot;
    for (const [nodeId, set] of this.watchers) {
      for (const watcher of [...set]) if (set.has(watcher)) watcher(this.snapshotFor(nodeId) ?? snapshot);
    }
    return true;
  }

  snapshotFor(_nodeId: string): Snapshot | undefined {
    return this.current;
  }

  /** Calls `watcher` with every snapshot published for `nodeId` from now on; returns the unsubscribe. */
  watch(nodeId: string, watcher: SnapshotWatcher): () => void {
    let set = this.watchers.get(nodeId);
    if (!set) this.watchers.set(nodeId, (set = new Set()));
    set.add(watcher);
    return () => {
      set.delete(watcher);
      if (set.size === 0 && this.watchers.get(nodeId) === set) this.watchers.delete(nodeId);
    };
  }

  /** Node ids with at least one open stream. */
  watchedNodes(): string[] {
    return [...this.watchers.keys()].sort();
  }
}
