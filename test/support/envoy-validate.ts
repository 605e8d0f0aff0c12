// Checks an EnvoyConfig with the real Envoy (`envoy --mode validate`): the dynamic resources are
// folded into a static bootstrap (routes inlined, EDS clusters made STATIC) so Envoy judges
// every listener, route and cluster exactly as it would over xDS.
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { EnvoyConfig, JsonObject } from "../../src/envoy/types.js";
import { locateEnvoy } from "../../src/proxy/envoy-binary.js";

const run = promisify(execFile);

export async function envoyValidate(config: EnvoyConfig): Promise<{ ok: boolean; output: string }> {
  const dir = await mkdtemp(join(tmpdir(), "attache-validate-"));
  try {
    const file = join(dir, "bootstrap.json");
    await writeFile(file, JSON.stringify(staticBootstrap(config)));
    const { stdout, stderr } = await run(locateEnvoy(), ["--mode", "validate", "-c", file, "--log-level", "error"], { timeout: 60_000 });
    return { ok: true, output: stdout + stderr };
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    return { ok: false, output: `${e.stdout ?? ""}${e.stderr ?? ""}${e.message}` };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function staticBootstrap(config: EnvoyConfig): JsonObject {
  const routes = new Map(config.routes.map((r) => [r.name, r.json]));
  const endpoints = new Map(config.endpoints.map((e) => [e.name, e.json]));
  const listeners = config.listeners.map((l) => inlineRoutes(structuredClone(l.json), routes));
  const clusters = config.clusters.map((c) => {
    const json = structuredClone(c.json);
    if (json["type"] !== "EDS") return json;
    delete json["edsClusterConfig"];
    return { ...json, type: "STATIC", loadAssignment: endpoints.get(c.name) ?? { clusterName: c.name } };
  });
  return { admin: {}, staticResources: { listeners, clusters } };
}

function inlineRoutes(listener: JsonObject, routes: Map<string, JsonObject>): JsonObject {
  for (const chain of (listener["filterChains"] as JsonObject[]) ?? []) {
    for (const filter of (chain["filters"] as JsonObject[]) ?? []) {
      const hcm = filter["typedConfig"] as JsonObject;
      const rds = hcm["rds"] as JsonObject | undefined;
      if (!rds) continue;
      delete hcm["rds"];
      hcm["routeConfig"] = routes.get(rds["routeConfigName"] as string) ?? {};
    }
  }
  return listener;
}
