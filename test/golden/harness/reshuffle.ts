// Rewrites a case's documents into a different set of files, in a different order, so the
// golden test can check that output depends on the resources and not on how they were filed.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SourceDocument } from "../../../src/core/source-document.js";

/** Writes the documents permuted (seeded by `seed`, so a failure reproduces) into 1-3 files; returns their paths. */
export function reshuffleIntoFiles(docs: readonly SourceDocument[], seed: string): { dir: string; files: string[] } {
  const order = permutation(docs.length, seed);
  const fileCount = Math.min(3, Math.max(1, docs.length));
  const dir = mkdtempSync(join(tmpdir(), "attache-golden-"));
  const files: string[] = [];
  for (let f = 0; f < fileCount; f++) {
    const mine = order.filter((_, k) => k % fileCount === f).map((i) => withNewline(docs[i]?.text ?? ""));
    // `z-`, `y-`...: file names sort opposite to the original input names' usual a-, b- order
    const path = join(dir, `${String.fromCharCode(122 - f)}-part.yaml`);
    writeFileSync(path, mine.map((t) => "---\n# reshuffled\n" + t).join(""));
    files.push(path);
  }
  return { dir, files: files.sort() };
}

function withNewline(text: string): string {
  return text.endsWith("\n") ? text : text + "\n";
}

/** A seeded Fisher-Yates shuffle that is never the identity when n > 1. */
function permutation(n: number, seed: string): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  let state = hash(seed);
  const next = (): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [order[i], order[j]] = [order[j] ?? j, order[i] ?? i];
  }
  if (n > 1 && order.every((v, i) => v === i)) order.reverse();
  return order;
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619) >>> 0;
  return h;
}
