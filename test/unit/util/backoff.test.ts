import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Backoff, jittered } from "../../../src/util/backoff.js";
import { WATCH_BACKOFF } from "../../../src/sources/kubernetes/list-watch.js";

describe("kubernetes backoff", () => {
  it("doubles from 250 ms up to the 30 s cap, and reset starts over", () => {
    const b = new Backoff(WATCH_BACKOFF, () => 0); // no jitter drawn: the upper bound
    const delays = Array.from({ length: 10 }, () => b.next());
    assert.deepEqual(delays, [250, 500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
    b.reset();
    assert.equal(b.next(), 250);
  });

  it("jitter draws each delay from [d/2, d]", () => {
    const low = new Backoff(WATCH_BACKOFF, () => 1);
    assert.deepEqual([low.next(), low.next(), low.next()], [125, 250, 500]);
  });

  it("a 10 s outage costs a handful of attempts, not a hot loop", () => {
    const b = new Backoff(WATCH_BACKOFF, () => 0.5);
    let waited = 0;
    let attempts = 0;
    while (waited < 10_000) {
      waited += b.next();
      attempts++;
    }
    assert.ok(attempts <= 8, `${attempts} attempts in 10 s`);
  });

  it("jittered spreads a timeout by ± the fraction", () => {
    assert.equal(jittered(300, 0.1, () => 0), 270);
    assert.equal(jittered(300, 0.1, () => 1), 330);
  });
});
