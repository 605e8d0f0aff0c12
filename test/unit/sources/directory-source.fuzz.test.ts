// Property test of watching: after random file and directory operations, with no periodic
// re-scan as a safety net, the source must settle on exactly what a fresh full read sees.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createDirectorySource } from "../../../src/sources/directory/directory-source.js";
import { readManifests } from "../../../src/sources/directory/read-manifests.js";
import type { SourceSnapshot } from "../../../src/core/source-document.js";
import { SnapshotRecorder, sleep } from "./snapshot-recorder.js";
import { tempDir, type TempDir } from "./temp-dir.js";

const ROUNDS = Number(process.env.ATTACHE_WATCH_FUZZ_ROUNDS ?? 4);
const BASE_SEED = Number(process.env.ATTACHE_FUZZ_SEED ?? 20261126);

function rng(seed: number): (n: number) => number {
  let a = seed >>> 0;
  return (n) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

/** Every path under `root` (relative), directories first as found. */
function walk(root: string, rel = ""): { dirs: string[]; files: string[] } {
  const out = { dirs: [] as string[], files: [] as string[] };
  for (const e of readdirSync(join(root, rel), { withFileTypes: true })) {
    const p = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) {
      out.dirs.push(p);
      const sub = walk(root, p);
      out.dirs.push(...sub.dirs);
      out.files.push(...sub.files);
    } else out.files.push(p);
  }
  return out;
}

const NAMES = ["a.yaml", "b.yml", "c.json", "d.yaml", "notes.txt", ".hidden.yaml"];
const DIRS = ["x", "y", "x/z", ".dot"];

function randomOp(dir: TempDir, pick: (n: number) => number, n: number): void {
  const { dirs, files } = walk(dir.path);
  const anyDir = () => ["", ...dirs][pick(dirs.length + 1)]!;
  const inDir = (d: string, name: string) => (d ? `${d}/${name}` : name);
  const content = (name: string) => (name.endsWith(".json") ? `{"v": ${n}}` : `v: ${n}\n---\nw: ${n}\n`);
  switch (pick(8)) {
    case 0:
    case 1: {
      const name = NAMES[pick(NAMES.length)]!;
      writeFileSync(dir.at(inDir(anyDir(), name)), content(name));
      return;
    }
    case 2: {
      const f = files[pick(files.length)];
      if (f) rmSync(dir.at(f));
      return;
    }
    case 3: {
      const f = files[pick(files.length)];
      if (f) renameSync(dir.at(f), dir.at(inDir(anyDir(), NAMES[pick(NAMES.length)]!)));
      return;
    }
    case 4: {
      // An editor's write: a hidden temporary file renamed over the target.
      const name = NAMES[pick(4)]!;
      const target = inDir(anyDir(), name);
      writeFileSync(dir.at(`${target}.tmp~`), content(name));
      renameSync(dir.at(`${target}.tmp~`), dir.at(target));
      return;
    }
    case 5: {
      const d = DIRS[pick(DIRS.length)]!;
      mkdirSync(dir.at(d), { recursive: true });
      writeFileSync(dir.at(`${d}/m${n}.yaml`), content("m.yaml"));
      return;
    }
    case 6: {
      const d = dirs[pick(dirs.length)];
      if (d) rmSync(dir.at(d), { recursive: true });
      return;
    }
    default: {
      const d = dirs[pick(dirs.length)];
      const to = DIRS[pick(DIRS.length)]!;
      if (d && !existsSync(dir.at(to)) && !to.startsWith(`${d}/`) && statSync(dir.at(d)).isDirectory()) {
        mkdirSync(dir.at(to), { recursive: true });
        rmSync(dir.at(to), { recursive: true });
        renameSync(dir.at(d), dir.at(to));
      }
    }
  }
}

function summary(s: SourceSnapshot, strip = ""): string[] {
  return s.documents.map((d) => `${d.location.file.slice(strip.length)}:${d.location.line}=${JSON.stringify(d.value)}`);
}

test("property: after random changes the watched snapshot equals a fresh full read", async () => {
  for (let round = 0; round < ROUNDS; round++) {
    const seed = BASE_SEED + round;
    const pick = rng(seed);
    const dir = tempDir();
    const rec = new SnapshotRecorder();
    const source = createDirectorySource(dir.path, { pollIntervalMs: 0 });
    try {
      dir.write("a.yaml", "v: 0\n");
      await source.start(rec.listener);
      for (let n = 1; n <= 60; n++) {
        randomOp(dir, pick, n);
        if (pick(4) === 0) await sleep(pick(40));
      }
      const truth = summary(await readManifests([dir.path]), `${dir.path}/`);
      const deadline = performance.now() + 3_000;
      while (JSON.stringify(summary(rec.last!)) !== JSON.stringify(truth) && performance.now() < deadline) await sleep(20);
      assert.deepEqual(summary(rec.last!), truth, `seed ${seed}`);
      const generations = rec.seen.map((r) => r.snapshot.generation);
      assert.deepEqual(generations, generations.map((_, i) => i + 1), `seed ${seed}`);
    } finally {
      await source.stop();
      dir.remove();
    }
  }
});
