// Issue 16 items 2 and 10: by default `attache run` opens no TCP port for ADS or Envoy admin.
// Both are Unix sockets in the private work dir, mode 0600, so another local user can neither
// feed Envoy config nor reach admin (config_dump with tokens, POST /healthcheck/fail).
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { mapping, startAttache, startBackend, statusOf, type Attache, type Backend } from "../support/harness/index.js";

describe("ADS and Envoy admin on Unix sockets by default", () => {
  let backend: Backend;
  let gw: Attache;
  before(async () => {
    backend = await startBackend("alpha");
    gw = await startAttache({ unixSockets: true, manifests: { "m.yaml": mapping("m", { prefix: "/m/", service: backend.service }) } });
  });
  after(async () => {
    await gw?.stop();
    await backend?.stop();
  });

  it("serves through ADS over a Unix socket, with admin on one too, both owner-only", async () => {
    assert.equal(await statusOf(gw.ports.listener, "/m/x"), 200, "Envoy got its config over the ADS socket");
    for (const name of ["ads.sock", "admin.sock"]) {
      const st = statSync(join(gw.workDir, name));
      assert.ok(st.isSocket(), `${name} is a socket`);
      assert.equal(st.mode & 0o777, 0o600, `${name} mode is ${(st.mode & 0o777).toString(8)}`);
    }
    assert.equal((statSync(gw.workDir).mode & 0o077), 0, "the work dir is private to its owner");
    const bootstrap = JSON.parse(readFileSync(join(gw.workDir, "envoy-bootstrap.json"), "utf8")) as Record<string, any>;
    assert.deepEqual(bootstrap.admin.address, { pipe: { path: join(gw.workDir, "admin.sock"), mode: 0o600 } });
    const adsEndpoint = bootstrap.staticResources.clusters[0].loadAssignment.endpoints[0].lbEndpoints[0].endpoint.address;
    assert.deepEqual(adsEndpoint, { pipe: { path: join(gw.workDir, "ads.sock") } });
    assert.match(await gw.admin("/ready"), /LIVE/, "admin answers on its socket");
    assert.match(gw.output(), /ads=unix:\S+ads.sock admin=unix:\S+admin.sock/, "the log says where ADS and admin are");
  });
});
