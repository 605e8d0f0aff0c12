// Issue 16 item 6: a Listener added while its port is held by another process is rejected by
// Envoy ("cannot bind"); the error names the Listener and the port, the other listeners keep
// serving, and once the port frees up the Listener is tried again and serves.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:net";
import { docs, findDiags, freePorts, mapping, resource, startAttache, startBackend, statusOf, timeUntil, waitFor, type Attache, type Backend } from "../support/harness/index.js";

const listener = (name: string, port: number) => resource("Listener", name, { port, protocol: "HTTP", securityModel: "XFP", hostBinding: { namespace: { from: "ALL" } } });

describe("a Listener whose port is taken", () => {
  let backend: Backend;
  let gw: Attache;
  let portA: number;
  let portB: number;
  let holder: Server | undefined;
  before(async () => {
    [portA, portB] = (await freePorts(2)) as [number, number];
    backend = await startBackend("alpha");
    gw = await startAttache({ manifests: { "a.yaml": docs(listener("a", portA), mapping("m", { prefix: "/m/", service: backend.service })) } });
  });
  after(async () => {
    holder?.close();
    await gw?.stop();
    await backend?.stop();
  });

  it("is reported with its port, and serves once the port frees up", async () => {
    assert.equal(await statusOf(portA, "/m/x"), 200);
    holder = await new Promise<Server>((resolve) => {
      const s = createServer();
      s.listen(portB, "127.0.0.1", () => resolve(s));
    });
    gw.writeManifest("b.yaml", listener("b", portB));
    const d = await waitFor(async () => findDiags(await gw.diag(), { kind: "Listener", name: "b" }).find((x) => x.stage === "envoy"), 10_000, { what: "Listener b to be reported" });
    console.log(`listener-retry: ${d.message}`);
    assert.match(d.message, new RegExp(`${portB}.*(in use|cannot bind)|cannot bind.*${portB}`, "i"));
    assert.equal(await statusOf(portA, "/m/x"), 200, "the other listener keeps serving");
    await new Promise<void>((resolve) => holder!.close(() => resolve()));
    holder = undefined;
    const served = await timeUntil(async () => (await statusOf(portB, "/m/x").catch(() => 0)) === 200, 15_000, { what: "Listener b to serve after its port freed up" });
    console.log(`listener-retry: port ${portB} served ${served.ms} ms after it was freed`);
    assert.equal(await statusOf(portA, "/m/x"), 200);
  });
});
