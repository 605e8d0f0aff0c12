import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, renameSync, rmSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { createDirectorySource, type DirectorySourceOptions } from "../../../src/sources/directory/directory-source.js";
import type { SourceSnapshot } from "../../../src/core/source-document.js";
import type { Source } from "../../../src/sources/source.js";
import { SnapshotRecorder, describe, sleep, valuesOf } from "./snapshot-recorder.js";
import { tempDir, type TempDir } from "./temp-dir.js";

/** Runs `body` with a started source over a fresh directory, always cleaning up. */
async function withSource(
  setup: (dir: TempDir) => void,
  body: (ctx: { dir: TempDir; rec: SnapshotRecorder; first: SourceSnapshot; source: Source }) => Promise<void>,
  options: DirectorySourceOptions = {},
): Promise<void> {
  const dir = tempDir();
  const rec = new SnapshotRecorder();
  const source = createDirectorySource(dir.path, options);
  try {
    setup(dir);
    const first = await source.start(rec.listener);
    await body({ dir, rec, first, source });
  } finally {
    await source.stop();
    dir.remove();
  }
}

test("start resolves with the full first snapshot and hands it to the listener", async () => {
  await withSource(
    (dir) => {
      dir.write("b.yaml", "b: 1\n---\nb: 2\n");
      dir.write("a/x.yml", "x: 1\n");
      dir.write("broken.yaml", "ok: 1\n---\nbad: [\n");
    },
    async ({ rec, first }) => {
      assert.equal(first.generation, 1);
      assert.equal(rec.seen[0]?.snapshot, first);
      assert.deepEqual(first.documents.map((d) => `${d.location.file}:${d.location.line}`), ["a/x.yml:1", "b.yaml:1", "b.yaml:3", "broken.yaml:1"]);
      assert.deepEqual(first.diagnostics.map((d) => [d.location?.file, d.location?.line]), [["broken.yaml", 4]]);
    },
  );
});

test("files added, edited, renamed and deleted show up in new snapshots", async () => {
  await withSource(
    (dir) => dir.write("a.yaml", "a: 1\n"),
    async ({ dir, rec }) => {
      dir.write("b.yaml", "b: 1\n");
      await rec.waitFor((s) => valuesOf(s, "b.yaml").length === 1, "added b.yaml");
      writeFileSync(dir.at("b.yaml"), "b: 2\n");
      await rec.waitFor((s) => JSON.stringify(valuesOf(s, "b.yaml")) === '[{"b":2}]', "edited b.yaml");
      renameSync(dir.at("b.yaml"), dir.at("c.yaml"));
      await rec.waitFor((s) => valuesOf(s, "c.yaml").length === 1 && valuesOf(s, "b.yaml").length === 0, "renamed b.yaml to c.yaml");
      rmSync(dir.at("a.yaml"));
      const last = await rec.waitFor((s) => valuesOf(s, "a.yaml").length === 0, "deleted a.yaml");
      assert.deepEqual(last.snapshot.documents.map((d) => d.value), [{ b: 2 }]);
      const generations = rec.seen.map((r) => r.snapshot.generation);
      assert.deepEqual(generations, generations.map((_, i) => i + 1), "generations count up by one");
    },
  );
});

test("an editor's write-by-rename (temp file, then rename over the original) is seen", async () => {
  await withSource(
    (dir) => dir.write("m.yaml", "v: 1\n"),
    async ({ dir, rec }) => {
      writeFileSync(dir.at(".m.yaml.swp"), "v: 2\n");
      renameSync(dir.at(".m.yaml.swp"), dir.at("m.yaml"));
      await rec.waitFor((s) => JSON.stringify(valuesOf(s, "m.yaml")) === '[{"v":2}]', "renamed-over m.yaml");
      writeFileSync(dir.at("m.yaml~"), "v: 1\n"); // a backup file, not a manifest
      writeFileSync(dir.at("4913"), "");
      await sleep(150);
      assert.deepEqual(valuesOf(rec.last!, "m.yaml"), [{ v: 2 }]);
    },
  );
});

test("directories added (with files), renamed and removed are followed", async () => {
  await withSource(
    () => {},
    async ({ dir, rec }) => {
      mkdirSync(dir.at("new/deeper"), { recursive: true });
      writeFileSync(dir.at("new/deeper/d.yaml"), "d: 1\n");
      writeFileSync(dir.at("new/e.yaml"), "e: 1\n");
      await rec.waitFor((s) => valuesOf(s, "new/deeper/d.yaml").length === 1 && valuesOf(s, "new/e.yaml").length === 1, "new directory tree");
      // Files written into a directory created a moment ago, before its watch can exist.
      mkdirSync(dir.at("fast"));
      writeFileSync(dir.at("fast/f.yaml"), "f: 1\n");
      await rec.waitFor((s) => valuesOf(s, "fast/f.yaml").length === 1, "file in a just-created directory");
      writeFileSync(dir.at("new/deeper/d.yaml"), "d: 2\n");
      await rec.waitFor((s) => JSON.stringify(valuesOf(s, "new/deeper/d.yaml")) === '[{"d":2}]', "edit in a new subdirectory");
      renameSync(dir.at("new"), dir.at("moved"));
      await rec.waitFor((s) => valuesOf(s, "moved/deeper/d.yaml").length === 1 && valuesOf(s, "new/e.yaml").length === 0, "renamed directory");
      writeFileSync(dir.at("moved/deeper/d.yaml"), "d: 3\n");
      await rec.waitFor((s) => JSON.stringify(valuesOf(s, "moved/deeper/d.yaml")) === '[{"d":3}]', "edit in a renamed directory");
      rmSync(dir.at("moved"), { recursive: true });
      const last = await rec.waitFor((s) => s.documents.every((d) => !d.location.file.startsWith("moved/")), "removed directory");
      assert.deepEqual(last.snapshot.documents.map((d) => d.location.file), ["fast/f.yaml"]);
    },
  );
});

test("a directory removed and made again under the same name is watched again", async () => {
  await withSource(
    (dir) => dir.write("d/a.yaml", "a: 1\n"),
    async ({ dir, rec }) => {
      rmSync(dir.at("d"), { recursive: true });
      mkdirSync(dir.at("d"));
      writeFileSync(dir.at("d/b.yaml"), "b: 1\n");
      await rec.waitFor((s) => valuesOf(s, "d/b.yaml").length === 1 && valuesOf(s, "d/a.yaml").length === 0, "recreated directory");
      await sleep(50);
      writeFileSync(dir.at("d/c.yaml"), "c: 1\n");
      await rec.waitFor((s) => valuesOf(s, "d/c.yaml").length === 1, "a file added to the recreated directory");
    },
    { pollIntervalMs: 0 },
  );
});

test("a Kubernetes ConfigMap volume update (atomic ..data symlink swap) is seen", async () => {
  await withSource(
    (dir) => {
      dir.write("..2026_01/mappings.yaml", "v: 1\n");
      symlinkSync("..2026_01", dir.at("..data"));
      symlinkSync("..data/mappings.yaml", dir.at("mappings.yaml"));
    },
    async ({ dir, rec, first }) => {
      assert.deepEqual(first.documents.map((d) => [d.location.file, d.value]), [["mappings.yaml", { v: 1 }]]);
      dir.write("..2026_02/mappings.yaml", "v: 2\n");
      symlinkSync("..2026_02", dir.at("..data_tmp"));
      renameSync(dir.at("..data_tmp"), dir.at("..data"));
      rmSync(dir.at("..2026_01"), { recursive: true });
      await rec.waitFor((s) => JSON.stringify(valuesOf(s, "mappings.yaml")) === '[{"v":2}]', "swapped ConfigMap content");
    },
  );
});

test("a file touched or rewritten with the same content emits no snapshot", async () => {
  await withSource(
    (dir) => dir.write("a.yaml", "a: 1\n"),
    async ({ dir, rec }) => {
      const future = new Date(Date.now() + 60_000);
      utimesSync(dir.at("a.yaml"), future, future);
      writeFileSync(dir.at("a.yaml"), "a: 1\n");
      writeFileSync(dir.at("ignored.txt"), "x");
      await sleep(300);
      assert.equal(rec.seen.length, 1, describe(rec.last));
      writeFileSync(dir.at("a.yaml"), "a: 2\n");
      await rec.waitFor((s) => s.generation === 2, "a real change");
    },
  );
});

test("a single change is observed quickly (each ≤ 500 ms, median ≤ 100 ms)", async (t) => {
  await withSource(
    (dir) => dir.write("a.yaml", "n: 0\n"),
    async ({ dir, rec }) => {
      const latencies: number[] = [];
      for (let n = 1; n <= 11; n++) {
        const from = rec.seen.length;
        const wrote = performance.now();
        writeFileSync(dir.at("a.yaml"), `n: ${n}\n`);
        const got = await rec.waitFor((s) => JSON.stringify(valuesOf(s, "a.yaml")) === `[{"n":${n}}]`, `n = ${n}`, 2_000, from);
        latencies.push(got.at - wrote);
        await sleep(30);
      }
      latencies.sort((a, b) => a - b);
      const median = latencies[Math.floor(latencies.length / 2)]!;
      const rounded = latencies.map((l) => Math.round(l));
      t.diagnostic(`change-to-snapshot latencies (ms): ${rounded.join(" ")}`);
      assert.ok(latencies.every((l) => l <= 500), `latencies ${rounded}`);
      assert.ok(median <= 100, `median ${median} ms of ${rounded}`);
    },
  );
});

test("a burst of 50 writes is coalesced into few snapshots, ending with the final content", async (t) => {
  await withSource(
    () => {},
    async ({ dir, rec }) => {
      for (let i = 0; i < 50; i++) writeFileSync(dir.at(`f${String(i % 10).padStart(2, "0")}.yaml`), `i: ${i}\n`);
      const done = await rec.waitFor((s) => s.documents.length === 10 && JSON.stringify(valuesOf(s, "f09.yaml")) === '[{"i":49}]', "final burst content");
      await sleep(200);
      const during = rec.seen.length - 1;
      t.diagnostic(`${during} snapshot(s) for 50 writes`);
      assert.ok(during <= 4, `${during} snapshots for one burst`);
      assert.equal(rec.last, done.snapshot, "nothing after the final content");
      assert.deepEqual(done.snapshot.documents.map((d) => d.value), Array.from({ length: 10 }, (_, i) => ({ i: 40 + i })));
    },
  );
});

test("a continuous stream of changes still produces snapshots (max wait)", async () => {
  await withSource(
    (dir) => dir.write("s.yaml", "n: 0\n"),
    async ({ dir, rec }) => {
      const until = performance.now() + 600;
      let n = 0;
      while (performance.now() < until) {
        writeFileSync(dir.at("s.yaml"), `n: ${++n}\n`);
        await sleep(5);
      }
      assert.ok(rec.seen.length >= 3, `only ${rec.seen.length} snapshots while changing for 600 ms`);
      await rec.waitFor((s) => JSON.stringify(valuesOf(s, "s.yaml")) === `[{"n":${n}}]`, "the last value");
    },
    { debounceMs: 20, maxWaitMs: 100 },
  );
});

test("a removed root directory keeps the last content, with an error, until it returns", async () => {
  await withSource(
    (dir) => dir.write("a.yaml", "a: 1\n"),
    async ({ dir, rec }) => {
      rmSync(dir.path, { recursive: true });
      const gone = await rec.waitFor((s) => s.diagnostics.length > 0, "root directory gone");
      assert.deepEqual(gone.snapshot.documents.map((d) => d.value), [{ a: 1 }]);
      assert.match(gone.snapshot.diagnostics[0]!.message, /cannot read directory .*ENOENT.*serving the last content/);
      await sleep(200); // several re-scans, all finding the same absence
      assert.equal(rec.last, gone.snapshot, "the absence is reported once");
      dir.write("b.yaml", "b: 1\n");
      const back = await rec.waitFor((s) => s.diagnostics.length === 0, "root directory back");
      assert.deepEqual(back.snapshot.documents.map((d) => d.value), [{ b: 1 }]);
    },
    { pollIntervalMs: 50 },
  );
});

test("a missing directory at start is a diagnostic, not an exception", async () => {
  const rec = new SnapshotRecorder();
  const source = createDirectorySource("/nonexistent/attache/dir", { pollIntervalMs: 0 });
  try {
    const first = await source.start(rec.listener);
    assert.equal(first.documents.length, 0);
    assert.equal(first.diagnostics[0]?.severity, "error");
  } finally {
    await source.stop();
  }
});

test("after stop, changes emit nothing and no handle keeps the process alive", async () => {
  const dir = tempDir();
  const rec = new SnapshotRecorder();
  const source = createDirectorySource(dir.path, { pollIntervalMs: 20 });
  try {
    await source.start(rec.listener);
    await source.stop();
    dir.write("a.yaml", "a: 1\n");
    await sleep(150);
    assert.equal(rec.seen.length, 1);
  } finally {
    dir.remove();
  }
});

test("a listener that throws does not stop the source", async () => {
  const errors: unknown[] = [];
  const dir = tempDir();
  let calls = 0;
  const source = createDirectorySource(dir.path, { onListenerError: (e) => errors.push(e) });
  try {
    await source.start(() => {
      calls++;
      throw new Error("listener bug");
    });
    dir.write("a.yaml", "a: 1\n");
    const deadline = performance.now() + 2_000;
    while (calls < 2 && performance.now() < deadline) await sleep(10);
    assert.equal(calls, 2);
    assert.equal(errors.length, 2);
  } finally {
    await source.stop();
    dir.remove();
  }
});
