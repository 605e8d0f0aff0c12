// What "requests in flight" means during a drain: the HTTP connection managers' active-request
// gauges of Envoy's listeners, without the admin interface's own (the stats request itself).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { sumActive } from "../../../src/proxy/drain.js";

describe("drain: requests in flight", () => {
  it("sums downstream_rq_active of every HTTP listener except admin", () => {
    const stats = [
      { name: "http.admin.downstream_rq_active", value: 1 },
      { name: "http.listener-8080.downstream_rq_active", value: 3 },
      { name: "http.attache_ready.downstream_rq_active", value: 1 },
      { name: "http.listener-8080.downstream_rq_total", value: 40 },
      { name: "listener.0.0.0.0_8080.downstream_cx_active", value: 7 },
    ];
    assert.equal(sumActive(stats), 4);
  });

  it("is 0 with nothing in flight or no stats at all", () => {
    assert.equal(sumActive([]), 0);
    assert.equal(sumActive([{ name: "http.listener-8080.downstream_rq_active", value: 0 }, { name: "http.x.downstream_rq_active" }]), 0);
  });
});
