// Issue 16 items 6 and 9: start-up failures stop `attache run` with a clear error naming the
// flag and the port, and a non-zero exit, instead of a process that answers check_alive
// forever. A second attache on the listener port of a running one (whose Envoy binds with
// SO_REUSEPORT, so the kernel would split the traffic between them) is refused the same way,
// and the first keeps serving every request.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { formatLoadReport, freePorts, mapping, runAttacheCli, startAttache, startBackend, startLoad, statusOf, type Attache, type Backend } from "../support/harness/index.js";

function hold(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(port, "127.0.0.1", () => resolve(s));
  });
}

async function runWith(flags: Record<string, string>, extra: string[] = []): Promise<{ code: number | null; stderr: string; ms: number }> {
  const dir = mkdtempSync(join(tmpdir(), "attache-e2e-startup-"));
  try {
    const started = Date.now();
    const args = ["run", "--config-dir", dir, "--listener-address", "127.0.0.1", ...Object.entries(flags).flatMap(([k, v]) => [k, v]), ...extra];
    const r = await runAttacheCli(args, 30_000);
    return { code: r.code, stderr: r.stderr, ms: Date.now() - started };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function portFlags(): Promise<Record<string, string>> {
  const [listener, ads, admin, health, ready] = await freePorts(5);
  return {
    "--listener-port": String(listener), "--ads-port": String(ads), "--admin-port": String(admin),
    "--health-port": String(health), "--ready-port": String(ready),
  };
}

for (const flag of ["--health-port", "--listener-port", "--ready-port", "--admin-port", "--ads-port"]) {
  it(`a taken ${flag} stops attache with an error naming ${flag} and the port`, async () => {
    // Another process may grab one of the other free ports first: then try with new ones.
    let attempt = await takenRun(flag);
    for (let i = 0; i < 2 && attempt.otherPortTaken; i++) attempt = await takenRun(flag);
    const { r, port } = attempt;
    console.log(`startup: ${flag} ${port} taken: exit ${r.code} after ${r.ms} ms: ${r.stderr.trim().split("\n").pop()}`);
    assert.notEqual(r.code, 0, "non-zero exit");
    assert.ok(r.stderr.includes(`${flag} ${port}`), `stderr names ${flag} ${port}:\n${r.stderr.slice(-2000)}`);
    assert.match(r.stderr, /already in use/);
  });
}

async function takenRun(flag: string): Promise<{ r: Awaited<ReturnType<typeof runWith>>; port: number; otherPortTaken: boolean }> {
  const flags = await portFlags();
  const port = Number(flags[flag]);
  const holder = await hold(port);
  try {
    const r = await runWith(flags);
    return { r, port, otherPortTaken: !r.stderr.includes(`${flag} ${port}`) && /already in use/.test(r.stderr) };
  } finally {
    holder.close();
  }
}

it("a missing Envoy binary stops attache with an error naming --envoy-bin", async () => {
  const r = await runWith(await portFlags(), ["--envoy-bin", "/nonexistent/envoy"]);
  console.log(`startup: missing Envoy: exit ${r.code} after ${r.ms} ms`);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /--envoy-bin \/nonexistent\/envoy/);
});

describe("a second attache on the same listener port", () => {
  let backend: Backend;
  let first: Attache;
  before(async () => {
    backend = await startBackend("alpha");
    first = await startAttache({ manifests: { "m.yaml": mapping("m", { prefix: "/m/", service: backend.service }) } });
  });
  after(async () => {
    await first?.stop();
    await backend?.stop();
  });

  it("is refused with a clear error, and the first keeps all the traffic", async () => {
    const load = startLoad({ port: first.ports.listener, paths: [{ path: "/m/x" }], rate: 50, concurrency: 2, maxDurationMs: 30_000 });
    const flags = { ...(await portFlags()), "--listener-port": String(first.ports.listener) };
    const r = await runWith(flags);
    const report = await load.stop();
    const c = report.byPath["/m/x"]!;
    const reset = Object.entries(c.errors).filter(([e]) => /RESET/.test(e)).reduce((n, [, k]) => n + k, 0);
    console.log(`startup: second attache on ${first.ports.listener}: exit ${r.code}; load: requests sent ${c.total}, failed ${c.failed}, reset ${reset}`);
    assert.notEqual(r.code, 0);
    assert.ok(r.stderr.includes(`--listener-port ${first.ports.listener}`), r.stderr.slice(-2000));
    assert.equal(c.failed, 0, formatLoadReport(report));
    assert.equal(await statusOf(first.ports.listener, "/m/x"), 200);
  });
});
