import { test } from "node:test";
import assert from "node:assert/strict";
import { symlinkSync } from "node:fs";
import { readManifests } from "../../../src/sources/directory/read-manifests.js";
import type { SourceSnapshot } from "../../../src/core/source-document.js";
import { tempDir } from "./temp-dir.js";

const files = (s: SourceSnapshot) => s.documents.map((d) => `${d.location.file}:${d.location.line}`);

test("reads yaml, yml and json files recursively, skipping dot-files, dot-dirs and other files", async () => {
  const dir = tempDir();
  try {
    dir.write("a.yaml", "a: 1\n---\nb: 2\n");
    dir.write("sub/c.yml", "c: 3\n");
    dir.write("sub/deeper/d.json", '{"d": 4}');
    dir.write("sub/e.YAML", "e: 5\n");
    dir.write(".hidden.yaml", "h: 1\n");
    dir.write(".git/config.yaml", "g: 1\n");
    dir.write("sub/.swp/x.yaml", "x: 1\n");
    dir.write("README.md", "# not a manifest\n");
    dir.write("notes.txt", "a: 1\n");
    const s = await readManifests([dir.path]);
    const base = dir.path.split("\\").join("/");
    assert.deepEqual(files(s), [`${base}/a.yaml:1`, `${base}/a.yaml:3`, `${base}/sub/c.yml:1`, `${base}/sub/deeper/d.json:1`, `${base}/sub/e.YAML:1`]);
    assert.deepEqual(s.diagnostics, []);
    assert.equal(s.generation, 1);
  } finally {
    dir.remove();
  }
});

test("documents are ordered by path in byte order, whatever the creation order", async () => {
  // U+FF5E sorts before U+1F600 in UTF-8 bytes, but after it in UTF-16 code units.
  const names = ["z.yaml", "B.yaml", "a.yaml", "a/b.yaml", "a-b.yaml", "é.yaml", "\uFF5E.yaml", "\u{1F600}.yaml"];
  const expected = ["B.yaml", "a-b.yaml", "a.yaml", "a/b.yaml", "z.yaml", "é.yaml", "\uFF5E.yaml", "\u{1F600}.yaml"];
  const orders = [names, [...names].reverse(), [...names].sort()];
  for (const order of orders) {
    const dir = tempDir();
    try {
      for (const n of order) dir.write(n, `n: ${JSON.stringify(n)}\n`);
      const s = await readManifests(["."].map(() => dir.path));
      const rel = s.documents.map((d) => d.location.file.slice(dir.path.length + 1));
      assert.deepEqual(rel, expected);
    } finally {
      dir.remove();
    }
  }
});

test("symbolic links are followed, loops are not", async () => {
  const dir = tempDir();
  try {
    dir.write("real/m.yaml", "m: 1\n");
    symlinkSync("..", dir.at("real/loop"));
    symlinkSync("real", dir.at("linked"));
    symlinkSync("real/m.yaml", dir.at("alias.yaml"));
    symlinkSync("missing.yaml", dir.at("dangling.yaml"));
    const s = await readManifests([dir.path]);
    const rel = s.documents.map((d) => d.location.file.slice(dir.path.length + 1));
    // Each real directory is walked once, under its real name: `linked` and `real/loop` lead
    // back to visited ones.
    assert.deepEqual(rel, ["alias.yaml", "real/m.yaml"]);
    assert.deepEqual(s.diagnostics.map((d) => [d.severity, d.location?.file.endsWith("dangling.yaml")]), [["warning", true]]);
  } finally {
    dir.remove();
  }
});

test("a directory reached only through links is named by the first link in byte order", async () => {
  const dir = tempDir();
  try {
    const outside = tempDir();
    try {
      outside.write("o.yaml", "o: 1\n");
      symlinkSync(outside.path, dir.at("b-link"));
      symlinkSync(outside.path, dir.at("a-link"));
      for (let i = 0; i < 5; i++) {
        const s = await readManifests([dir.path]);
        assert.deepEqual(s.documents.map((d) => d.location.file.slice(dir.path.length + 1)), ["a-link/o.yaml"]);
      }
    } finally {
      outside.remove();
    }
  } finally {
    dir.remove();
  }
});

test("file arguments are read whatever their extension; missing paths are diagnostics", async () => {
  const dir = tempDir();
  try {
    const file = dir.write("conf.txt", "a: 1\n");
    const s = await readManifests([file, dir.at("nope.yaml")]);
    assert.deepEqual(s.documents.map((d) => d.value), [{ a: 1 }]);
    assert.equal(s.diagnostics.length, 1);
    assert.equal(s.diagnostics[0]!.severity, "error");
    assert.match(s.diagnostics[0]!.message, /ENOENT/);
    assert.ok(s.diagnostics[0]!.location?.file.endsWith("nope.yaml"));
  } finally {
    dir.remove();
  }
});

test("a file named twice (directly and through its directory) is read once", async () => {
  const dir = tempDir();
  try {
    dir.write("a.yaml", "a: 1\n");
    const s = await readManifests([dir.path, dir.at("a.yaml")]);
    assert.equal(s.documents.length, 1);
  } finally {
    dir.remove();
  }
});

test("an oversize file is refused with a diagnostic; the others are read", async () => {
  const dir = tempDir();
  try {
    dir.write("big.yaml", `a: "${"x".repeat(2_000)}"\n`);
    dir.write("small.yaml", "b: 1\n");
    const s = await readManifests([dir.path], { maxFileBytes: 1_000 });
    assert.deepEqual(s.documents.map((d) => d.value), [{ b: 1 }]);
    assert.equal(s.diagnostics.length, 1);
    assert.match(s.diagnostics[0]!.message, /larger than the limit of 1000 bytes/);
    assert.ok(s.diagnostics[0]!.location?.file.endsWith("big.yaml"));
  } finally {
    dir.remove();
  }
});

test("the total document bound drops later documents, deterministically", async () => {
  const dir = tempDir();
  try {
    dir.write("a.yaml", "a: 1\n---\na: 2\n");
    dir.write("b.yaml", "b: 1\n---\nb: 2\n");
    const s = await readManifests([dir.path], { maxTotalDocuments: 3 });
    assert.deepEqual(s.documents.map((d) => d.value), [{ a: 1 }, { a: 2 }, { b: 1 }]);
    assert.equal(s.diagnostics.length, 1);
    assert.match(s.diagnostics[0]!.message, /more than 3 documents in all/);
    assert.equal(s.diagnostics[0]!.location?.line, 3);
  } finally {
    dir.remove();
  }
});

test("a file that is not UTF-8 is a diagnostic", async () => {
  const dir = tempDir();
  try {
    dir.write("latin1.yaml", Buffer.from([0x61, 0x3a, 0x20, 0xe9, 0x0a]));
    const s = await readManifests([dir.path]);
    assert.equal(s.documents.length, 0);
    assert.match(s.diagnostics[0]!.message, /not valid UTF-8/);
  } finally {
    dir.remove();
  }
});

test("snapshots are frozen", async () => {
  const dir = tempDir();
  try {
    dir.write("a.yaml", "a: {b: 1}\n");
    const s = await readManifests([dir.path]);
    assert.ok(Object.isFrozen(s) && Object.isFrozen(s.documents) && Object.isFrozen(s.documents[0]));
    assert.throws(() => ((s.documents[0]!.value as { a: { b: number } }).a.b = 2), TypeError);
  } finally {
    dir.remove();
  }
});
