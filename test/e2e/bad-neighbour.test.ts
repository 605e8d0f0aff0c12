// Issue 16 item 11, through a real Envoy: a Mapping whose rewrite holds an escaped NUL used to
// pass validation, make Envoy NACK the whole RouteConfiguration and take its neighbours down
// with it. Now it is refused in the resources stage, so the valid route serves within 2 s of
// start, the neighbour with ordinary header values too, and only the bad Mapping is reported.
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { findDiags, mapping, startAttache, startBackend, statusOf, timeUntil, type Attache, type Backend } from "../support/harness/index.js";

describe("a bad neighbour at start", () => {
  let backend: Backend | undefined;
  let gw: Attache | undefined;
  after(async () => {
    await gw?.stop();
    await backend?.stop();
  });

  it("does not keep the valid routes from serving", async () => {
    backend = await startBackend("alpha");
    const started = Date.now();
    gw = await startAttache({
      manifests: {
        "good.yaml": mapping("good", { prefix: "/good/", service: backend.service }),
        "rwnul.yaml": mapping("rwnul", { prefix: "/rwnul/", service: backend.service, rewrite: "/a\u0000b" }),
        "tokhdr.yaml": mapping("tokhdr", { prefix: "/tokhdr/", service: backend.service, add_request_headers: { "x-token": "abc-123-token" } }),
      },
    });
    const good = await timeUntil(async () => (await statusOf(gw!.ports.listener, "/good/x")) === 200, 10_000, { what: "/good/ to serve" });
    const sinceStart = Date.now() - started;
    console.log(`bad-neighbour: /good/ served ${sinceStart} ms after start (attache ready + ${good.ms} ms)`);
    assert.ok(good.ms <= 2000, `valid route served ${good.ms} ms after ready`);
    assert.equal(await statusOf(gw.ports.listener, "/tokhdr/x"), 200);
    const diags = findDiags(await gw.diag(), {}).filter((d) => d.severity === "error");
    assert.deepEqual(diags.map((d) => `${d.ref?.name} ${d.field}`), ["rwnul spec.rewrite"]);
    assert.equal(findDiags(await gw.diag(), {}).filter((d) => d.stage === "envoy").length, 0, "Envoy rejected nothing");
  });
});
