import { test } from "node:test";
import assert from "node:assert/strict";
import { utimesSync, writeFileSync } from "node:fs";
import { scanDirectory } from "../../../src/sources/directory/directory-scan.js";
import { DEFAULT_LIMITS } from "../../../src/sources/directory/limits.js";
import { ManifestFileCache } from "../../../src/sources/directory/manifest-file.js";
import { sleep } from "./snapshot-recorder.js";
import { tempDir } from "./temp-dir.js";

async function scanned(dirPath: string) {
  const scan = await scanDirectory(dirPath);
  assert.equal(scan.files.length, 1);
  return scan.files[0]!;
}

test("an unchanged file (same stat, written long ago) is not read again", async () => {
  const dir = tempDir();
  try {
    const file = dir.write("a.yaml", "a: 1\n");
    const old = new Date(Date.now() - 60_000);
    utimesSync(file, old, old);
    await sleep(20);
    // A margin of 10 ms instead of a second (the ctime cannot be set back) keeps the test fast.
    const cache = new ManifestFileCache(DEFAULT_LIMITS, 10);
    const stat = await scanned(dir.path);
    const first = await cache.load(stat);
    // The bytes change but the scan result handed in stays the same: only a read could notice.
    writeFileSync(file, "a: 2\n");
    const second = await cache.load(stat);
    assert.equal(second, first);
    assert.deepEqual(second?.documents.map((d) => d.value), [{ a: 1 }]);
    // A real scan sees the new ctime, so the file is read again.
    const third = await cache.load(await scanned(dir.path));
    assert.deepEqual(third?.documents.map((d) => d.value), [{ a: 2 }]);
  } finally {
    dir.remove();
  }
});

test("a file touched without a content change is re-read but not re-parsed", async () => {
  const dir = tempDir();
  try {
    const file = dir.write("a.yaml", "a: 1\n");
    const cache = new ManifestFileCache(DEFAULT_LIMITS);
    const first = await cache.load(await scanned(dir.path));
    const later = new Date(Date.now() + 5_000);
    utimesSync(file, later, later);
    const second = await cache.load(await scanned(dir.path));
    assert.equal(second, first, "same content hash: the parsed result object is reused");
    writeFileSync(file, "a: 2\n");
    const third = await cache.load(await scanned(dir.path));
    assert.notEqual(third, first);
    assert.deepEqual(third?.documents.map((d) => d.value), [{ a: 2 }]);
  } finally {
    dir.remove();
  }
});

test("a file read right after its write is read again until a read happens well after it", async () => {
  const dir = tempDir();
  try {
    dir.write("a.yaml", "a: 1\n");
    const stat = await scanned(dir.path);
    let clock = Math.max(stat.mtimeMs, stat.ctimeMs) + 5; // read 5 ms after the write: racy
    const cache = new ManifestFileCache(DEFAULT_LIMITS, 1_000, () => clock);
    await cache.load(stat);
    writeFileSync(dir.at("a.yaml"), "a: 2\n");
    // Same stat handed in (as if the rewrite kept size and timestamps): read again anyway.
    assert.deepEqual((await cache.load(stat))?.documents.map((d) => d.value), [{ a: 2 }]);
    clock += 5_000; // now read long after the mtime: trusted from here on
    const trusted = await cache.load(stat);
    writeFileSync(dir.at("a.yaml"), "a: 3\n");
    assert.equal(await cache.load(stat), trusted, "trusted: not read again");
  } finally {
    dir.remove();
  }
});

test("a same-size rewrite within the clock tick is still noticed", async () => {
  const dir = tempDir();
  try {
    const file = dir.write("a.yaml", "a: 1\n");
    const cache = new ManifestFileCache(DEFAULT_LIMITS);
    const s1 = await scanned(dir.path);
    await cache.load(s1);
    writeFileSync(file, "a: 2\n");
    const s2 = await scanned(dir.path);
    // Even if the kernel gave the write the very same timestamps, a recent file is compared by content.
    const result = await cache.load({ ...s2, mtimeMs: s1.mtimeMs, ctimeMs: s1.ctimeMs });
    assert.deepEqual(result?.documents.map((d) => d.value), [{ a: 2 }]);
  } finally {
    dir.remove();
  }
});
