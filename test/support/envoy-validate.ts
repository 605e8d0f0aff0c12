// Checks an EnvoyConfig with the real Envoy (`envoy --mode validate`), through the same static
// bootstrap the golden tests use (routes inlined, EDS clusters made STATIC) and the runtime
// layer attache's own bootstrap sets, so Envoy judges every resource as it would over xDS.
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { printConfig } from "../../src/envoy/print.js";
import type { EnvoyConfig, JsonValue } from "../../src/envoy/types.js";
import { buildBootstrap } from "../../src/proxy/bootstrap.js";
import { locateEnvoy } from "../../src/proxy/envoy-binary.js";
import { staticBootstrap, type PrintedConfig } from "../golden/harness/static-bootstrap.js";

const run = promisify(execFile);
const runtime = buildBootstrap({ adsPort: 1 })["layeredRuntime"] as JsonValue;

export async function envoyValidate(config: EnvoyConfig): Promise<{ ok: boolean; output: string }> {
  const dir = await mkdtemp(join(tmpdir(), "attache-validate-"));
  try {
    const file = join(dir, "bootstrap.json");
    const printed = JSON.parse(printConfig(config)) as PrintedConfig;
    await writeFile(file, JSON.stringify(staticBootstrap(printed, runtime)));
    const { stdout, stderr } = await run(locateEnvoy(), ["--mode", "validate", "-c", file, "--log-level", "error"], { timeout: 60_000 });
    return { ok: true, output: stdout + stderr };
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    return { ok: false, output: `${e.stdout ?? ""}${e.stderr ?? ""}${e.message}` };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
