// Throwaway directories for source tests, and small file helpers.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

export interface TempDir {
  readonly path: string;
  write(rel: string, text: string | Buffer): string;
  at(rel: string): string;
  remove(): void;
}

export function tempDir(prefix = "attache-sources-"): TempDir {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return {
    path,
    write(rel, text) {
      const file = join(path, rel);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text);
      return file;
    },
    at: (rel) => join(path, rel),
    remove: () => rmSync(path, { recursive: true, force: true }),
  };
}
