import { test } from "node:test";
import assert from "node:assert/strict";
import { KeyedQueue } from "../../../src/util/keyed-queue.js";

test("a burst of 1,000 items runs at most `concurrency` at a time; one key's burst is its latest item", async () => {
  let inFlight = 0;
  let peak = 0;
  const done: string[] = [];
  const q = new KeyedQueue<number>(async (key, item) => {
    inFlight++;
    peak = Math.max(peak, inFlight);
    await new Promise((r) => setTimeout(r, 1));
    done.push(`${key}=${item}`);
    inFlight--;
  }, { concurrency: 4, perSecond: 100_000 });
  for (let i = 0; i < 1000; i++) q.submit(`k${i}`, i);
  for (let v = 0; v < 5; v++) q.submit("same", v);
  await q.idle();
  assert.equal(peak, 4);
  assert.equal(done.length, 1001);
  assert.deepEqual(done.filter((d) => d.startsWith("same=")), ["same=4"]);
});

test("items start no faster than perSecond", async () => {
  const q = new KeyedQueue<number>(async () => {}, { concurrency: 10, perSecond: 50 });
  const t0 = Date.now();
  for (let i = 0; i < 6; i++) q.submit(`k${i}`, i);
  await q.idle();
  assert.ok(Date.now() - t0 >= 90, `6 items at 50/s took ${Date.now() - t0} ms`);
});

test("a key being worked on is not started twice concurrently", async () => {
  let concurrentSame = 0;
  let active = 0;
  const q = new KeyedQueue<number>(async () => {
    active++;
    concurrentSame = Math.max(concurrentSame, active);
    await new Promise((r) => setTimeout(r, 5));
    active--;
  }, { concurrency: 4, perSecond: 100_000 });
  q.submit("a", 1);
  await new Promise((r) => setTimeout(r, 1));
  q.submit("a", 2);
  await q.idle();
  assert.equal(concurrentSame, 1);
});
