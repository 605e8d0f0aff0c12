// The golden harness's line diff: failures are only readable if hunks point at the right lines.
import { test } from "node:test";
import assert from "node:assert/strict";
import { unifiedDiff } from "./harness/diff.js";

test("equal texts give no diff", () => {
  assert.equal(unifiedDiff("a\nb\n", "a\nb\n", "x", "y"), "");
});

test("a changed line shows as -/+ with context and correct hunk header", () => {
  const a = ["1", "2", "3", "4", "5", "6", "7", "8", "9"].join("\n") + "\n";
  const b = a.replace("5", "five");
  assert.equal(
    unifiedDiff(a, b, "expected", "actual"),
    ["--- expected", "+++ actual", "@@ -2,7 +2,7 @@", " 2", " 3", " 4", "-5", "+five", " 6", " 7", " 8", ""].join("\n"),
  );
});

test("insertions and deletions far apart become separate hunks", () => {
  const lines = Array.from({ length: 20 }, (_, i) => `l${i}`);
  const a = lines.join("\n") + "\n";
  const b = ["new", ...lines.slice(0, 19)].join("\n") + "\n";
  const diff = unifiedDiff(a, b, "e", "a");
  assert.match(diff, /@@ -1,3 \+1,4 @@\n\+new\n l0\n l1\n l2\n/);
  assert.match(diff, /@@ -17,4 \+18,3 @@\n l16\n l17\n l18\n-l19\n$/);
});
