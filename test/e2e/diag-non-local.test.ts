// Who may see the diagnostics: a client on another host (a network-namespace test host) is
// refused by default, and served once the ambassador Module says `diagnostics.allow_non_local`;
// `diagnostics.enabled: false` turns the page off for everyone. Probes answer throughout.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { resource, startAttache, waitFor, type Attache } from "../support/harness/index.js";
import { createTestHost, type TestHost } from "../support/netns.js";

let host: TestHost;
let gw: Attache;

/** GETs `url` from inside the test host; the status, or 0 when nothing answers. */
async function statusFromTestHost(url: string): Promise<number> {
  const script = `fetch(process.argv[1], { signal: AbortSignal.timeout(3000) }).then((r) => console.log(r.status), () => console.log(0))`;
  const child = host.spawn(process.execPath, ["-e", script, url], { stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  child.stdout?.on("data", (d: Buffer) => (out += d.toString()));
  await new Promise((resolve) => child.on("exit", resolve));
  return Number(out.trim());
}

const moduleWith = (diagnostics: Record<string, boolean>) => resource("Module", "ambassador", { config: { diagnostics } });

describe("diagnostics from another host", { timeout: 120_000 }, () => {
  before(async () => {
    host = createTestHost();
    // The health server listens on the host side of the test host's link, as a pod would on its IP.
    gw = await startAttache({ healthHost: host.hostAddress });
  });

  after(async () => {
    await gw?.stop();
    host?.close();
  });

  const url = (path: string) => `http://${host.hostAddress}:${gw.ports.health}${path}`;

  it("are refused by default (403), while check_alive answers", async () => {
    assert.equal(await statusFromTestHost(url("/ambassador/v0/check_alive")), 200);
    assert.equal(await statusFromTestHost(url("/ambassador/v0/diag/")), 403);
    assert.equal(await statusFromTestHost(url("/ambassador/v0/diag/?json=true")), 403);
  });

  it("are served with the Module's diagnostics.allow_non_local", async () => {
    gw.writeManifest("module.yaml", moduleWith({ allow_non_local: true }));
    await waitFor(async () => (await statusFromTestHost(url("/ambassador/v0/diag/?json=true"))) === 200, 20_000, { what: "diag served to the test host" });
    assert.equal(await statusFromTestHost(url("/ambassador/v0/diag/static/diag.js")), 200);
  });

  it("are off for everyone with diagnostics.enabled: false", async () => {
    gw.writeManifest("module.yaml", moduleWith({ enabled: false, allow_non_local: true }));
    await waitFor(async () => (await statusFromTestHost(url("/ambassador/v0/diag/"))) === 404, 20_000, { what: "diag turned off" });
    assert.equal(await statusFromTestHost(url("/ambassador/v0/check_ready")), 200);
  });
});
