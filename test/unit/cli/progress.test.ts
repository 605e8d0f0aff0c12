import { test } from "node:test";
import assert from "node:assert/strict";
import { manifestProgress, progress } from "../../../src/cli/progress.js";

function stream(isTTY: boolean) {
  const writes: string[] = [];
  return { isTTY, writes, write: (t: string) => (writes.push(t), true) };
}

test("nothing is written when the stream is not a terminal", () => {
  const s = stream(false);
  const p = manifestProgress("validate", s);
  p.onFile(1, 2);
  p.onStage("ir", 10);
  p.progress.done();
  assert.deepEqual(s.writes, []);
});

test("on a terminal: one rewritten line with counts and elapsed time, throttled, cleared at the end", () => {
  const s = stream(true);
  let now = 0;
  const p = progress("translate", s, () => now);
  p.update("read 1/3 files");
  now = 50;
  p.update("read 2/3 files"); // within 100 ms: skipped
  now = 1250;
  p.update("read 3/3 files");
  p.update("validating 9 documents", true);
  p.done();
  assert.deepEqual(s.writes, [
    "\r\x1b[Ktranslate: read 1/3 files (0.0 s)",
    "\r\x1b[Ktranslate: read 3/3 files (1.3 s)",
    "\r\x1b[Ktranslate: validating 9 documents (1.3 s)",
    "\r\x1b[K",
  ]);
});
