// One non-recursive fs.watch (inotify) per directory of the tree, kept in step with each scan.
// Events name the watched directory and the entry that changed (when the kernel says which).
import { watch, type FSWatcher } from "node:fs";
import { errorText } from "./directory-scan.js";

export class DirectoryWatchers {
  private readonly watchers = new Map<string, FSWatcher>();
  private readonly failures = new Map<string, string>();

  constructor(private readonly onChange: (dir: string, name: string | null) => void) {}

  /** Watches exactly `dirs`; returns true when a directory was newly watched (it may have changed meanwhile). */
  update(dirs: readonly string[]): boolean {
    const wanted = new Set(dirs);
    for (const [dir, watcher] of this.watchers) if (!wanted.has(dir)) this.unwatch(dir, watcher);
    for (const dir of this.failures.keys()) if (!wanted.has(dir)) this.failures.delete(dir);
    let added = false;
    for (const dir of wanted) if (!this.watchers.has(dir)) added = this.watch(dir) || added;
    return added;
  }

  /** Directories that could not be watched, with the reason (e.g. the inotify limit). */
  problems(): ReadonlyMap<string, string> {
    return this.failures;
  }

  close(): void {
    for (const [dir, watcher] of this.watchers) this.unwatch(dir, watcher);
    this.failures.clear();
  }

  private watch(dir: string): boolean {
    try {
      const watcher = watch(dir, (_event, name) => this.onChange(dir, name === null ? null : String(name)));
      watcher.on("error", (err) => {
        // Typically the directory was removed; the re-scan settles what to watch.
        this.unwatch(dir, watcher);
        this.failures.set(dir, errorText(err));
        this.onChange(dir, null);
      });
      this.watchers.set(dir, watcher);
      this.failures.delete(dir);
      return true;
    } catch (err) {
      this.failures.set(dir, errorText(err));
      return false;
    }
  }

  private unwatch(dir: string, watcher: FSWatcher): void {
    watcher.close();
    if (this.watchers.get(dir) === watcher) this.watchers.delete(dir);
  }
}
