// Golden output of the offline tools, run as a user runs them (bin/attache in a subprocess):
// `translate --diff OLD NEW` in text and JSON for each `offline/diff-*` case, and
// `validate --format github` over the invalid golden cases. ATTACHE_UPDATE_GOLDEN=1 rewrites.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { ATTACHE_BIN, REPO_ROOT } from "../support/harness/repo.js";
import { unifiedDiff } from "./harness/diff.js";

const run = promisify(execFile);
const OFFLINE = join(REPO_ROOT, "test", "golden", "offline");
const CASES = join(REPO_ROOT, "test", "golden", "cases");
const UPDATE = process.env.ATTACHE_UPDATE_GOLDEN === "1";

async function attache(args: string[], cwd: string): Promise<{ stdout: string; code: number }> {
  try {
    const { stdout } = await run(process.execPath, [ATTACHE_BIN, ...args], { cwd, maxBuffer: 16 << 20 });
    return { stdout, code: 0 };
  } catch (e) {
    const err = e as { stdout?: string; code?: number }; // cast: execFile's error carries the output
    return { stdout: err.stdout ?? "", code: err.code ?? -1 };
  }
}

function golden(file: string, actual: string): void {
  if (UPDATE) {
    writeFileSync(file, actual);
    return;
  }
  assert.ok(existsSync(file), `${file} missing: run npm run golden:update`);
  const expected = readFileSync(file, "utf8");
  assert.equal(actual, expected, unifiedDiff(expected, actual, file, "actual"));
}

for (const name of readdirSync(OFFLINE).filter((n) => n.startsWith("diff-")).sort()) {
  test(`translate --diff ${name}`, async () => {
    const dir = join(OFFLINE, name);
    const text = await attache(["translate", "--diff", "old", "new"], dir);
    const json = await attache(["translate", "--diff", "old", "new", "-o", "json"], dir);
    assert.equal(text.code, 0);
    assert.equal(json.code, 0);
    golden(join(dir, "expected.txt"), text.stdout);
    golden(join(dir, "expected.json"), json.stdout);
    JSON.parse(json.stdout);
  });
}

test("validate --format github annotates each diagnostic with file:line", async () => {
  const inputs = ["invalid-mapping-fields/input", "invalid-observability/input", "invalid-yaml/input"];
  const out = await attache(["validate", "--format", "github", ...inputs], CASES);
  assert.equal(out.code, 1, "errors: exit 1");
  for (const line of out.stdout.trimEnd().split("\n")) assert.match(line, /^::(error|warning) file=[^,]+\.yaml(,line=\d+)?(,title=[^:]+)?::\S/);
  golden(join(OFFLINE, "validate-github.txt"), out.stdout);
});
