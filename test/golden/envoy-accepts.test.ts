// Every committed expected.json must be accepted by the real Envoy (`--mode validate`): this
// catches what a schema cannot, e.g. RE2 syntax and size limits, duplicate virtual host
// domains, weighted clusters that do not add up, or references to missing clusters.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile, execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { buildBootstrap } from "../../src/proxy/bootstrap.js";
import type { JsonValue } from "../../src/envoy/types.js";
import { listCases } from "./harness/cases.js";
import { materialize } from "./harness/pki.js";
import { staticBootstrap, type PrintedConfig } from "./harness/static-bootstrap.js";

const run = promisify(execFile);
const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));

function envoyBin(): string {
  if (process.env.ENVOY_BIN) return process.env.ENVOY_BIN;
  const out = execFileSync("sh", ["scripts/ensure-envoy.sh"], { cwd: REPO_ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }).trim();
  if (!out) throw new Error("scripts/ensure-envoy.sh printed no Envoy path");
  return out;
}

// The same runtime layer (RE2 program size limits) attache's own bootstrap gives Envoy.
const runtime = buildBootstrap({ adsPort: 1 })["layeredRuntime"] as JsonValue;
const envoy = envoyBin();

for (const c of listCases()) {
  test(`${c.name}: Envoy accepts expected.json`, async () => {
    assert.ok(existsSync(c.expectedJson), `${c.expectedJson} is missing`);
    const printed = JSON.parse(materialize(c).fromPlaceholders(readFileSync(c.expectedJson, "utf8"))) as PrintedConfig;
    const dir = mkdtempSync(join(tmpdir(), "attache-golden-envoy-"));
    try {
      const file = join(dir, "bootstrap.json");
      writeFileSync(file, JSON.stringify(staticBootstrap(printed, runtime)));
      const result = await run(envoy, ["--mode", "validate", "-c", file, "-l", "error", "--log-path", join(dir, "envoy.log")]).then(
        (r) => ({ ok: true, output: r.stdout + r.stderr }),
        (e: { stdout?: string; stderr?: string; message: string }) => ({ ok: false, output: `${e.message}\n${e.stdout ?? ""}${e.stderr ?? ""}` }),
      );
      const log = existsSync(join(dir, "envoy.log")) ? readFileSync(join(dir, "envoy.log"), "utf8") : "";
      assert.ok(result.ok, `Envoy rejected ${c.name}/expected.json:\n${log.trim() || result.output}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
