import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:net";
import { freePort, freePorts, withFreePortRetry } from "./ports.js";

test("freePort returns a port that can be bound on 127.0.0.1", async () => {
  const port = await freePort();
  assert.ok(port > 1024 && port < 65536, `port ${port}`);
  const srv = createServer();
  await new Promise<void>((resolve, reject) => srv.once("error", reject).listen(port, "127.0.0.1", resolve));
  await new Promise((r) => srv.close(r));
});

test("freePorts returns distinct ports", async () => {
  const ports = await freePorts(5);
  assert.equal(new Set(ports).size, 5);
});

test("withFreePortRetry retries only on address-in-use, at most N times", async () => {
  let calls = 0;
  const v = await withFreePortRetry(async () => {
    if (++calls < 3) throw Object.assign(new Error("listen EADDRINUSE"), { code: "EADDRINUSE" });
    return "ok";
  }, 3);
  assert.equal(v, "ok");
  assert.equal(calls, 3);

  calls = 0;
  await assert.rejects(withFreePortRetry(async () => (calls++, Promise.reject(new Error("boom"))), 3), /boom/);
  assert.equal(calls, 1);

  calls = 0;
  await assert.rejects(withFreePortRetry(async () => (calls++, Promise.reject(new Error("address already in use"))), 2), /in use/);
  assert.equal(calls, 2);
});
