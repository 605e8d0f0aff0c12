// The one-shot commands (`translate`, `validate`) on a valid directory, and the CLI's
// conventions: deterministic output, exit codes, YAML output, usage errors.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import yaml from "js-yaml";
import { docs, mapping, resource, runAttacheCli } from "../support/harness/index.js";

let dir: string;

describe("attache translate / validate", () => {
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "attache-e2e-cli-"));
    writeFileSync(join(dir, "b.yaml"), docs(
      mapping("b1", { prefix: "/b1/", service: "127.0.0.1:9001" }),
      mapping("b2", { prefix: "/b2/", service: "127.0.0.1:9002", weight: 20 }),
      mapping("b3", { prefix: "/b2/", service: "127.0.0.1:9003" }),
    ));
    writeFileSync(join(dir, "a.yaml"), docs(
      mapping("a1", { prefix: "/a1/", service: "127.0.0.1:9001", hostname: "*.example.com" }),
      resource("Host", "h", { hostname: "*.example.com", requestPolicy: { insecure: { action: "Route" } } }),
    ));
  });
  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("validate exits 0 and prints nothing for a valid directory", async () => {
    const res = await runAttacheCli(["validate", dir]);
    assert.equal(res.code, 0, res.stderr);
    assert.equal(res.stdout + res.stderr, "");
  });

  it("translate exits 0 and is deterministic", async () => {
    const first = await runAttacheCli(["translate", dir, "-o", "json"]);
    const second = await runAttacheCli(["translate", join(dir, "b.yaml"), join(dir, "a.yaml")]);
    assert.equal(first.code, 0, first.stderr);
    assert.equal(second.code, 0, second.stderr);
    assert.equal(second.stdout, first.stdout, "same manifests, listed in another order: same output");
    const config = JSON.parse(first.stdout);
    const routes = JSON.stringify(config.routes);
    for (const p of ["/a1/", "/b1/", "/b2/"]) assert.ok(routes.includes(`"${p}"`), `routes contain ${p}`);
    assert.ok(config.listeners.length >= 1, "a listener");
    assert.ok(config.clusters.length >= 3, `clusters for 9001, 9002, 9003 (shared where equal): ${config.clusters.length}`);
    assert.ok(routes.includes("weightedClusters") || routes.includes("weighted_clusters"), "the /b2/ canary is one weighted route");
  });

  it("translate -o yaml prints the same config as YAML", async () => {
    const asJson = await runAttacheCli(["translate", dir, "-o", "json"]);
    const asYaml = await runAttacheCli(["translate", dir, "-o", "yaml"]);
    assert.equal(asYaml.code, 0, asYaml.stderr);
    assert.deepEqual(yaml.load(asYaml.stdout), JSON.parse(asJson.stdout));
  });

  it("usage errors exit non-zero with a message", async () => {
    const unknown = await runAttacheCli(["frobnicate"]);
    assert.notEqual(unknown.code, 0);
    assert.match(unknown.stderr, /unknown command/);
    const noPath = await runAttacheCli(["validate"]);
    assert.notEqual(noPath.code, 0);
    assert.match(noPath.stderr, /PATH/);
    const badPort = await runAttacheCli(["run", "--config-dir", dir, "--listener-port", "99999"]);
    assert.notEqual(badPort.code, 0);
    assert.match(badPort.stderr, /listener-port/);
  });

  it("a missing path is an error, not an empty config", async () => {
    const res = await runAttacheCli(["validate", join(dir, "does-not-exist")]);
    assert.notEqual(res.code, 0, `validate of a missing path exited ${res.code}: ${res.stdout}${res.stderr}`);
    assert.match(res.stdout + res.stderr, /does-not-exist/);
  });

  it("validate shows progress on a terminal (a real pty via script(1)) and never on a pipe", async () => {
    const piped = await runAttacheCli(["validate", dir]);
    assert.doesNotMatch(piped.stderr, /\r|validate:/);
    const { execFileSync } = await import("node:child_process");
    const { ATTACHE_BIN } = await import("../support/harness/index.js");
    const tty = execFileSync("script", ["-qec", `${JSON.stringify(process.execPath)} ${JSON.stringify(ATTACHE_BIN)} validate ${JSON.stringify(dir)}`, "/dev/null"], { encoding: "utf8" });
    assert.match(tty, /validate: read \d+\/2 files \(\d+\.\d s\)/);
    assert.match(tty, /validate: generating Envoy config for 5 documents/);
  });
});
