// Where things are: the repository root (this file compiles to dist/test/support/harness/) and Envoy.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { join } from "node:path";

export const REPO_ROOT = fileURLToPath(new URL("../../../../", import.meta.url));
export const ATTACHE_BIN = join(REPO_ROOT, "bin", "attache");

let envoy: string | undefined;

/** ENVOY_BIN, else what scripts/ensure-envoy.sh prints (it fails loudly when there is none). */
export function envoyBin(): string {
  envoy ??= process.env.ENVOY_BIN || execFileSync("sh", [join(REPO_ROOT, "scripts", "ensure-envoy.sh")], { encoding: "utf8" }).trim();
  return envoy;
}
