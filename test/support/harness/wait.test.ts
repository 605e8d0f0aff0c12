import { test } from "node:test";
import assert from "node:assert/strict";
import { timeUntil, waitFor } from "./wait.js";

test("waitFor returns the first truthy value and treats throws as not yet", async () => {
  let n = 0;
  const v = await waitFor(() => {
    n++;
    if (n < 2) throw new Error("not yet");
    return n >= 3 ? `done at ${n}` : 0;
  }, 2000, { intervalMs: 5 });
  assert.equal(v, "done at 3");
});

test("waitFor times out with what it waited for and the last error", async () => {
  const started = Date.now();
  await assert.rejects(
    waitFor(() => {
      throw new Error("still 404");
    }, 150, { intervalMs: 20, what: "route /x/" }),
    /timed out after 150 ms waiting for route \/x\/ \(last: still 404\)/,
  );
  const took = Date.now() - started;
  assert.ok(took >= 140 && took < 1000, `took ${took} ms`);
});

test("timeUntil measures from `since`", async () => {
  const since = Date.now() - 500;
  const { ms } = await timeUntil(() => true, 100, { since });
  assert.ok(ms >= 500, `ms ${ms}`);
});
