// Harness self-test of startAttache's process handling, with a stand-in command instead of
// attache (readiness, failure output, killing the whole tree). The real thing is in ../*.test.ts.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { startAttache } from "./attache.js";
import { request } from "./http.js";
import { isAlive as alive } from "./process.js";

// Serves check_ready on --health-port and starts a grandchild in its own process group,
// as a supervisor that detaches Envoy would; prints the grandchild's pid.
const FAKE_READY = `
const http = require("node:http");
const { spawn } = require("node:child_process");
const args = process.argv.slice(1);
const port = Number(args[args.indexOf("--health-port") + 1]);
const gc = spawn("sleep", ["60"], { detached: true, stdio: "ignore" });
process.stdout.write("grandchild " + gc.pid + "\\n");
process.on("SIGTERM", () => {});  // a stubborn supervisor: needs SIGKILL
http.createServer((req, res) => { res.writeHead(req.url.includes("check_ready") ? 200 : 404); res.end("{}"); })
  .listen(port, "127.0.0.1");
`;

test("startAttache waits for check_ready, passes the ports and stop() kills the tree", async (t) => {
  const a = await startAttache({
    command: [process.execPath, "-e", FAKE_READY],
    manifests: { "m.yaml": "kind: Mapping\n" },
  });
  t.after(() => a.stop());
  assert.equal((await request(a.ports.health, "/ambassador/v0/check_ready")).status, 200);
  assert.equal(readFileSync(`${a.configDir}/m.yaml`, "utf8"), "kind: Mapping\n");
  const ports = Object.values(a.ports);
  assert.equal(new Set(ports).size, 5);
  const gc = Number(/grandchild (\d+)/.exec(a.stdout())?.[1]);
  assert.ok(gc > 0 && alive(gc), "grandchild running");
  const started = Date.now();
  await a.stop();
  assert.ok(!alive(gc), "grandchild killed");
  assert.ok(a.process.exitCode !== null || a.process.signalCode !== null, "supervisor gone");
  assert.ok(!existsSync(a.configDir), "temp config dir removed");
  assert.ok(Date.now() - started < 10_000);
});

test("startAttache fails with the process output when it exits early", async () => {
  await assert.rejects(
    startAttache({ command: [process.execPath, "-e", "console.error('boom: bad flag'); process.exit(3)"] }),
    (err: Error) => /exited \(code 3/.test(err.message) && /boom: bad flag/.test(err.message),
  );
});

test("startAttache times out with the process output when never ready", async () => {
  const started = Date.now();
  await assert.rejects(
    startAttache({ command: [process.execPath, "-e", "console.log('still starting'); setInterval(() => {}, 1000)"], readyTimeoutMs: 800 }),
    (err: Error) => /not ready after 800 ms/.test(err.message) && /still starting/.test(err.message),
  );
  assert.ok(Date.now() - started < 8000);
});
