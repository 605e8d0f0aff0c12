// One non-recursive fs.watch (inotify) per directory of the tree, kept in step with each scan.
// Events name the watched directory and the entry that changed (when the kernel says which).
import { watch, type FSWatcher } from "node:fs";
import { basename } from "node:path";
import { errorText } from "../../util/errors.js";

export class DirectoryWatchers {
  private readonly watchers = new Map<string, { readonly id: string; readonly watcher: FSWatcher }>();
  private readonly failures = new Map<string, string>();

  constructor(private readonly onChange: (dir: string, name: string | null) => void) {}

  /**
   * Watches exactly `dirs` (real path → identity), again when a path names a new directory.
   * Returns true when a directory was newly watched: it may have changed before its watch began.
   */
  update(dirs: ReadonlyMap<string, string>): boolean {
    for (const [dir, w] of this.watchers) if (dirs.get(dir) !== w.id) this.unwatch(dir, w.watcher);
    for (const dir of this.failures.keys()) if (!dirs.has(dir)) this.failures.delete(dir);
    let added = false;
    for (const [dir, id] of dirs) if (!this.watchers.has(dir)) added = this.watch(dir, id) || added;
    return added;
  }

  /** Directories that could not be watched, with the reason (e.g. the inotify limit). */
  problems(): ReadonlyMap<string, string> {
    return this.failures;
  }

  close(): void {
    for (const [dir, w] of this.watchers) this.unwatch(dir, w.watcher);
    this.failures.clear();
  }

  private watch(dir: string, id: string): boolean {
    try {
      const self = basename(dir);
      const watcher: FSWatcher = watch(dir, (_event, name) => {
        if (name !== null && String(name) !== self) return this.onChange(dir, String(name));
        // The watched directory itself was removed (or renamed): its watch is dead even if a new
        // directory appears under the same path and inode, so drop it; the full scan re-watches.
        this.unwatch(dir, watcher);
        this.onChange(dir, null);
      });
      watcher.on("error", (err) => {
        // Typically the directory was removed; the re-scan settles what to watch.
        this.unwatch(dir, watcher);
        this.failures.set(dir, errorText(err));
        this.onChange(dir, null);
      });
      this.watchers.set(dir, { id, watcher });
      this.failures.delete(dir);
      return true;
    } catch (err) {
      this.failures.set(dir, errorText(err));
      return false;
    }
  }

  private unwatch(dir: string, watcher: FSWatcher): void {
    watcher.close();
    if (this.watchers.get(dir)?.watcher === watcher) this.watchers.delete(dir);
  }
}
