// Finds the golden cases: every directory under test/golden/cases with an `input/` folder.
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export interface GoldenCase {
  readonly name: string;
  readonly dir: string;
  /** Absolute paths of the input manifests, sorted by name. */
  readonly inputs: readonly string[];
  readonly expectedJson: string;
  readonly expectedDiagnostics: string;
  /** Optional `options.json` (TranslateOptions) for cases that need a non-default instance. */
  readonly optionsFile: string;
}

/** The source tree's cases directory (tests run from dist/, expectations live in test/). */
export const CASES_DIR = fileURLToPath(new URL("../../../../test/golden/cases/", import.meta.url));

export function listCases(root: string = CASES_DIR): GoldenCase[] {
  return readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()
    .map((name) => describeCase(root, name));
}

function describeCase(root: string, name: string): GoldenCase {
  const dir = join(root, name);
  const inputDir = join(dir, "input");
  const inputs = existsSync(inputDir)
    ? readdirSync(inputDir).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => join(inputDir, f))
    : [];
  return {
    name,
    dir,
    inputs,
    expectedJson: join(dir, "expected.json"),
    expectedDiagnostics: join(dir, "diagnostics.txt"),
    optionsFile: join(dir, "options.json"),
  };
}
