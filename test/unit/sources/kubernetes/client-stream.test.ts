// The watch stream of src/k8s/client.ts against a local HTTP server: objects split across chunks,
// onOpen, and the stall watchdog ending a watch that went silent.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server, type ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { KubeError, loadKubeClient, type KubeClient } from "../../../../src/k8s/client.js";

let server: Server;
let client: KubeClient;
let dir: string;
const open = new Set<ServerResponse>();

before(async () => {
  server = createServer((req, res) => {
    open.add(res);
    res.on("close", () => open.delete(res));
    if (req.url?.startsWith("/garbage")) {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"type":"ADDED","object":{"metadata":{"name":"a"}}}\n{"type":"ADDED","object":{"data":{"token":"s3cret"}\n{"type":"ADDED","object":{}}\n');
      return;
    }
    if (req.url?.startsWith("/missing")) {
      res.writeHead(404, { "content-type": "application/json" }).end('{"kind":"Status","code":404}');
      return;
    }
    res.writeHead(200, { "content-type": "application/json" });
    // One event split across two chunks, then a second, then silence (a stalled watch).
    res.write('{"type":"ADDED","object":{"metadata":{"na');
    setTimeout(() => res.write('me":"a"}}}\n{"type":"BOOKMARK","object":{"metadata":{"resourceVersion":"9"}}}\n'), 20);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  dir = mkdtempSync(join(tmpdir(), "attache-kubeconfig-"));
  const kubeconfig = join(dir, "config");
  writeFileSync(kubeconfig, JSON.stringify({
    apiVersion: "v1",
    kind: "Config",
    "current-context": "t",
    clusters: [{ name: "t", cluster: { server: `http://127.0.0.1:${port}`, "insecure-skip-tls-verify": true } }],
    users: [{ name: "t", user: {} }],
    contexts: [{ name: "t", context: { cluster: "t", user: "t" } }],
  }));
  client = await loadKubeClient({ kubeconfig });
});

after(() => {
  for (const res of open) res.destroy();
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("kube client watch stream", () => {
  it("parses objects split across chunks, calls onOpen first, and the watchdog ends a silent watch", async () => {
    const seen: string[] = [];
    const started = Date.now();
    const ended = await client
      .stream("/watch", (o) => seen.push(JSON.stringify(o)), { signal: new AbortController().signal, idleTimeoutMs: 300, onOpen: () => seen.push("open") })
      .then(() => "closed", (err: Error) => `failed: ${err.message}`);
    const took = Date.now() - started;
    assert.deepEqual(seen, ["open", '{"type":"ADDED","object":{"metadata":{"name":"a"}}}', '{"type":"BOOKMARK","object":{"metadata":{"resourceVersion":"9"}}}']);
    assert.ok(took >= 300 && took < 3000, `ended after ${took} ms (${ended})`);
  });

  it("an error status rejects with a KubeError carrying it, without onOpen", async () => {
    let opened = false;
    const err = await client.stream("/missing", () => {}, { signal: new AbortController().signal, onOpen: () => (opened = true) }).catch((e: unknown) => e);
    assert.ok(err instanceof KubeError);
    assert.equal(err.status, 404);
    assert.equal(opened, false);
  });

  it("a line that is not JSON rejects the stream (for the watch loop to report), without quoting it", async () => {
    const seen: unknown[] = [];
    const err = await client.stream("/garbage", (o) => seen.push(o), { signal: new AbortController().signal }).catch((e: unknown) => e);
    assert.ok(err instanceof Error);
    assert.match(err.message, /^watch \/garbage sent a line that is not JSON \(\d+ characters\)$/);
    assert.doesNotMatch(err.message, /s3cret/);
    assert.deepEqual(seen, [{ type: "ADDED", object: { metadata: { name: "a" } } }], "nothing after the bad line");
  });

  it("aborting ends the stream quietly", async () => {
    const ac = new AbortController();
    const done = client.stream("/watch", () => {}, { signal: ac.signal });
    setTimeout(() => ac.abort(), 50);
    await done;
  });
});
