import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:net";
import { ensurePortFree, envoyBindFailure } from "../../../src/cli/startup-checks.js";

test("a taken port is refused with the owner's name; a free one passes", async () => {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", () => r()));
  const port = (s.address() as { port: number }).port;
  await assert.rejects(ensurePortFree({ owner: "--ready-port", host: "127.0.0.1", port }), new RegExp(`^Error: --ready-port ${port}: 127.0.0.1:${port} is already in use`));
  await new Promise<void>((r) => s.close(() => r()));
  await ensurePortFree({ owner: "--ready-port", host: "127.0.0.1", port });
});

test("Envoy's bind failure at start is matched to the flag that chose the port", () => {
  const claims = [{ owner: "--ready-port", host: "127.0.0.1", port: 8006 }, { owner: "--admin-port", host: "127.0.0.1", port: 8001 }];
  const lines = ["[critical][main] error initializing configuration 'b.json': cannot bind '127.0.0.1:8001': Address already in use"];
  assert.equal(envoyBindFailure(lines, claims)?.owner, "--admin-port");
  assert.equal(envoyBindFailure(["[info] starting"], claims), undefined);
});
