import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { ADS_CLUSTER, READY_LISTENER, buildBootstrap } from "../../../src/proxy/bootstrap.js";
import { validateBootstrap, writeBootstrap } from "../../../src/proxy/bootstrap-file.js";
import type { JsonObject } from "../../../src/envoy/types.js";
import { envoyBinForTests } from "./support.js";

const run = promisify(execFile);

function at(json: unknown, ...path: (string | number)[]): unknown {
  let v = json;
  for (const p of path) v = (v as Record<string | number, unknown>)[p];
  return v;
}

test("defaults: node attache/attache, delta ADS over the attache_xds cluster, ports 8001/8006, RE2 limit 200", () => {
  const b = buildBootstrap({ adsPort: 8003 });
  assert.deepEqual(b.node, { id: "attache", cluster: "attache" });
  assert.deepEqual(at(b, "dynamicResources", "adsConfig"), {
    apiType: "DELTA_GRPC",
    transportApiVersion: "V3",
    grpcServices: [{ envoyGrpc: { clusterName: ADS_CLUSTER } }],
    setNodeOnFirstMessageOnly: true,
  });
  assert.deepEqual(at(b, "dynamicResources", "ldsConfig"), { ads: {}, resourceApiVersion: "V3" });
  assert.deepEqual(at(b, "dynamicResources", "cdsConfig"), { ads: {}, resourceApiVersion: "V3" });
  const cluster = at(b, "staticResources", "clusters", 0) as JsonObject;
  assert.equal(cluster.name, ADS_CLUSTER);
  assert.equal(cluster.type, "STATIC");
  assert.equal(cluster.connectTimeout, "1s");
  assert.deepEqual(at(cluster, "loadAssignment", "endpoints", 0, "lbEndpoints", 0, "endpoint", "address"), {
    socketAddress: { address: "127.0.0.1", portValue: 8003 },
  });
  assert.deepEqual(
    at(cluster, "typedExtensionProtocolOptions", "envoy.extensions.upstreams.http.v3.HttpProtocolOptions", "explicitHttpConfig"),
    { http2ProtocolOptions: {} },
  );
  assert.deepEqual(at(b, "admin", "address"), { socketAddress: { address: "127.0.0.1", portValue: 8001 } });
  assert.equal(at(b, "admin", "accessLog", 0, "typedConfig", "path"), "/dev/null");
  const ready = at(b, "staticResources", "listeners", 0) as JsonObject;
  assert.equal(ready.name, READY_LISTENER);
  assert.deepEqual(ready.address, { socketAddress: { address: "127.0.0.1", portValue: 8006 } });
  const hc = at(ready, "filterChains", 0, "filters", 0, "typedConfig", "httpFilters", 0) as JsonObject;
  assert.equal(hc.name, "envoy.filters.http.health_check");
  assert.equal(at(hc, "typedConfig", "passThroughMode"), false);
  assert.deepEqual(at(hc, "typedConfig", "headers"), [{ name: ":path", stringMatch: { exact: "/ready" } }]);
  assert.deepEqual(at(b, "layeredRuntime", "layers"), [
    { name: "attache_static", staticLayer: { "re2.max_program_size.error_level": 200, "re2.max_program_size.warn_level": 100 } },
    { name: "admin", adminLayer: {} },
  ]);
  assert.equal(at(b, "dynamicResources", "ldsConfig", "initialFetchTimeout"), undefined);
});

test("options: node, ports, SotW ADS, regex limit, initial fetch timeout", () => {
  const b = buildBootstrap({
    nodeId: "n1", nodeCluster: "c1", adsPort: 1, adminPort: 2, readyPort: 3,
    adsApiType: "GRPC", regexMaxSize: 1000, initialFetchTimeout: "2s",
  });
  assert.deepEqual(b.node, { id: "n1", cluster: "c1" });
  assert.equal(at(b, "dynamicResources", "adsConfig", "apiType"), "GRPC");
  assert.equal(at(b, "dynamicResources", "cdsConfig", "initialFetchTimeout"), "2s");
  assert.equal(at(b, "admin", "address", "socketAddress", "portValue"), 2);
  assert.equal(at(b, "staticResources", "listeners", 0, "address", "socketAddress", "portValue"), 3);
  assert.equal(at(b, "staticResources", "clusters", 0, "loadAssignment", "endpoints", 0, "lbEndpoints", 0, "endpoint", "address", "socketAddress", "portValue"), 1);
  assert.deepEqual(at(b, "layeredRuntime", "layers", 0, "staticLayer"), {
    "re2.max_program_size.error_level": 1000,
    "re2.max_program_size.warn_level": 100,
  });
  // A limit below Envoy's default warn level must not leave warn above error.
  assert.equal(at(buildBootstrap({ adsPort: 1, regexMaxSize: 50 }), "layeredRuntime", "layers", 0, "staticLayer", "re2.max_program_size.warn_level"), 50);
});

test("the bootstrap is already canonical proto3 JSON (the schema accepts it unchanged)", () => {
  const b = buildBootstrap({ adsPort: 8003, initialFetchTimeout: "1s" });
  assert.deepEqual(validateBootstrap(b), b);
});

test("validateBootstrap rejects unknown fields with a clear message", () => {
  const b = { ...buildBootstrap({ adsPort: 8003 }), bogusField: 1 };
  assert.throws(() => validateBootstrap(b), /invalid Envoy bootstrap: .*bogusField/);
});

test("writeBootstrap writes the same private file every time, and the real Envoy validates it", async () => {
  const dir = await mkdtemp(join(tmpdir(), "attache-bootstrap-"));
  try {
    const b = buildBootstrap({ adsPort: 18003, adminPort: 18001, readyPort: 18006, regexMaxSize: 500 });
    const path = await writeBootstrap(join(dir, "work"), b);
    const first = await readFile(path, "utf8");
    assert.equal(await writeBootstrap(join(dir, "work"), b), path);
    assert.equal(await readFile(path, "utf8"), first);
    assert.equal((await stat(path)).mode & 0o777, 0o600);
    assert.deepEqual(JSON.parse(first), b);
    const { stdout, stderr } = await run(envoyBinForTests(), ["--mode", "validate", "-c", path], { timeout: 60_000 });
    assert.match(stdout + stderr, /configuration '.*' OK/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("the static runtime layer sets Envoy's RE2 program size limit (regexMaxSize)", async () => {
  const dir = await mkdtemp(join(tmpdir(), "attache-bootstrap-"));
  try {
    // RE2 program size 546: above the limit 200, below 1000.
    const regex = "/x" + "[a-z]{0,9}".repeat(30);
    const check = async (regexMaxSize: number) => {
      const b = buildBootstrap({ adsPort: 18003, regexMaxSize });
      const routes = at(b, "staticResources", "listeners", 0, "filterChains", 0, "filters", 0, "typedConfig", "routeConfig", "virtualHosts", 0, "routes") as JsonObject[];
      routes.unshift({ match: { safeRegex: { regex } }, directResponse: { status: 204 } });
      const path = await writeBootstrap(join(dir, String(regexMaxSize)), b);
      return run(envoyBinForTests(), ["--mode", "validate", "-c", path], { timeout: 60_000 });
    };
    await assert.rejects(check(200), (e: { stderr?: string; stdout?: string }) => {
      assert.match(`${e.stdout}${e.stderr}`, /program size of 546 > max program size of 200/);
      return true;
    });
    const ok = await check(1000);
    assert.match(ok.stdout + ok.stderr, /configuration '.*' OK/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
