// Readiness during shutdown: once stopping, nothing makes the instance ready again, so a load
// balancer that took it out of rotation never puts it back while it drains.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ReadyFlag } from "../../../src/diag/readiness.js";

describe("ReadyFlag", () => {
  it("stays not ready after markStopping, whatever is acknowledged later", () => {
    const flag = new ReadyFlag();
    flag.markReady();
    assert.equal(flag.isReady(), true);
    flag.markStopping("shutting down");
    flag.markReady();
    assert.equal(flag.isReady(), false);
    assert.equal(flag.reason(), "shutting down");
  });

  it("can become ready again after an ordinary drop (an Envoy restart)", () => {
    const flag = new ReadyFlag();
    flag.markReady();
    flag.markNotReady("Envoy is restarting");
    assert.equal(flag.isReady(), false);
    flag.markReady();
    assert.equal(flag.isReady(), true);
  });
});
