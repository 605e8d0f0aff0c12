// Which code a benchmark run measured: the commit, and whether the working tree's src/ held
// uncommitted changes (several engineers share this tree; dist/ is built from the tree).
import { execFileSync } from "node:child_process";

export function describeCode(repoRoot: string): string {
  try {
    const head = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: repoRoot, encoding: "utf8" }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--", "src"], { cwd: repoRoot, encoding: "utf8" }).split("\n").filter(Boolean).length;
    return dirty ? `commit ${head} plus ${dirty} uncommitted file(s) under src/ (work in progress by other engineers, built into dist/)` : `commit ${head}, clean src/`;
  } catch (err) {
    return `unknown (${(err as Error).message.split("\n")[0]})`;
  }
}
