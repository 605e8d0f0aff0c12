// Issue 16 item 8, at the source: a directory that goes from resources to none (an `rm -rf`
// and copy redeploy) is applied only once a later scan confirms it, so the copy landing in
// between never shows as "no routes"; a served file that becomes unreadable keeps its content.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, rmSync } from "node:fs";
import { createDirectorySource } from "../../../src/sources/directory/directory-source.js";
import { readManifestFile } from "../../../src/sources/directory/manifest-file.js";
import { resolveLimits } from "../../../src/sources/directory/limits.js";
import { SnapshotRecorder, sleep } from "./snapshot-recorder.js";
import { tempDir } from "./temp-dir.js";

const M = (name: string) => `apiVersion: getambassador.io/v3alpha1\nkind: Mapping\nmetadata: {name: ${name}}\nspec: {prefix: /${name}/, service: s}\n`;

test("an rm -rf and copy redeploy never emits an empty snapshot", async () => {
  const dir = tempDir();
  dir.write("a.yaml", M("a"));
  dir.write("b.yaml", M("b"));
  const rec = new SnapshotRecorder();
  const source = createDirectorySource(dir.path, { pollIntervalMs: 0, emptyConfirmMs: 1000 });
  try {
    await source.start(rec.listener);
    assert.equal(rec.last?.documents.length, 2);
    rmSync(dir.at("a.yaml"));
    rmSync(dir.at("b.yaml"));
    await sleep(300);
    dir.write("a.yaml", M("a"));
    dir.write("c.yaml", M("c"));
    await rec.waitFor((s) => s.documents.length === 2 && s.documents.some((d) => JSON.stringify(d.value).includes("/c/")), "the redeployed content");
    assert.ok(rec.seen.every((r) => r.snapshot.documents.length > 0), `an empty snapshot was emitted: ${rec.seen.map((r) => r.snapshot.documents.length).join(",")}`);
  } finally {
    await source.stop();
    dir.remove();
  }
});

test("a directory that stays empty is applied after the confirming scan", async () => {
  const dir = tempDir();
  dir.write("a.yaml", M("a"));
  const rec = new SnapshotRecorder();
  const source = createDirectorySource(dir.path, { pollIntervalMs: 0, emptyConfirmMs: 500 });
  try {
    await source.start(rec.listener);
    const removedAt = performance.now();
    rmSync(dir.at("a.yaml"));
    const empty = await rec.waitFor((s) => s.documents.length === 0, "the empty snapshot", 5000);
    const waited = empty.at - removedAt;
    assert.ok(waited >= 450, `applied after ${Math.round(waited)} ms, before the confirming scan`);
  } finally {
    await source.stop();
    dir.remove();
  }
});

test("a served file that becomes unreadable keeps its last content, with an error", async () => {
  const dir = tempDir();
  const file = dir.write("a.yaml", M("a"));
  const limits = resolveLimits({});
  const first = await readManifestFile("a.yaml", file, M("a").length, limits);
  assert.equal(first?.documents.length, 1);
  // Reading a directory fails the way an unreadable file does (EISDIR; as root, EACCES cannot be provoked).
  rmSync(file);
  mkdirSync(file);
  const kept = await readManifestFile("a.yaml", file, 10, limits, first);
  assert.deepEqual(kept?.documents, first?.documents);
  assert.match(kept?.diagnostics.at(-1)?.message ?? "", /cannot read file: .*; serving its last content/);
  assert.notEqual(kept?.contentKey, first?.contentKey, "the change is noticed");
  dir.remove();
});
