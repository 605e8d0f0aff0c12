// A real Chromium for the diagnostics page tests: Debian's `chromium`, found or installed by
// scripts/ensure-chromium.sh, driven by playwright-core (which never downloads a browser).
// Screenshots go to test-artifacts/ (gitignored).
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser } from "playwright-core";
import { REPO_ROOT } from "./repo.js";

export const ARTIFACTS_DIR = join(REPO_ROOT, "test-artifacts");

let bin: string | undefined;

export function chromiumBin(): string {
  bin ??= process.env.CHROMIUM_BIN || execFileSync("sh", [join(REPO_ROOT, "scripts", "ensure-chromium.sh")], { encoding: "utf8" }).trim();
  return bin;
}

export function launchChromium(): Promise<Browser> {
  // --no-sandbox: the tests run as root, where Chromium's sandbox refuses to start.
  return chromium.launch({ executablePath: chromiumBin(), args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"] });
}

/** test-artifacts/<folder>/, created. */
export function artifactsDir(folder: string): string {
  const dir = join(ARTIFACTS_DIR, folder);
  mkdirSync(dir, { recursive: true });
  return dir;
}
