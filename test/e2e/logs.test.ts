// attache's own logs as a log pipeline reads them (stderr is not a terminal, so JSON): every
// line is a JSON object with a level and a message; a reconfiguration is one line saying what
// Envoy sees change per type and how long it took; a token planted in the manifests (a header
// value, a Secret beside them) appears in no output, at debug level.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { docs, mapping, startAttache, startBackend, statusOf, waitFor, type Attache, type Backend } from "../support/harness/index.js";

const TOKEN = "sk-live-PLANTED-logs-93b1";

let backend: Backend;
let gw: Attache;

const secretDoc = `apiVersion: v1
kind: Secret
metadata:
  name: api
  namespace: default
stringData:
  token: ${TOKEN}
`;

function parsed(stderr: string): Record<string, unknown>[] {
  return stderr.split("\n").filter((l) => l.trim()).map((l) => {
    try {
      return JSON.parse(l) as Record<string, unknown>;
    } catch {
      throw new Error(`not a JSON line: ${l}`);
    }
  });
}

describe("structured logs", () => {
  before(async () => {
    backend = await startBackend("logs");
    gw = await startAttache({
      extraArgs: ["--log-format", "json", "--log-level", "debug"],
      manifests: {
        "a.yaml": docs(
          mapping("a", { prefix: "/a/", service: backend.service, add_request_headers: { authorization: `Bearer ${TOKEN}` } }),
          secretDoc,
        ),
      },
    });
  });
  after(async () => {
    await gw?.stop();
    await backend?.stop();
  });

  it("writes JSON lines with levels, one per reconfiguration with its changes, and no secret", async () => {
    const lines = parsed(gw.stderr());
    assert.ok(lines.length > 0);
    for (const l of lines) {
      assert.match(String(l["level"]), /^(debug|info|warn|error)$/, JSON.stringify(l));
      assert.equal(typeof l["msg"], "string");
      assert.equal(typeof l["time"], "string");
    }
    const publishes = () => parsed(gw.stderr()).filter((l) => l["msg"] === "published configuration");
    const first = publishes()[0];
    assert.ok(first, "the first configuration was logged");
    assert.equal(first["listeners"], "+1 -0 ~0");
    assert.equal(first["clusters"], "+1 -0 ~0");
    assert.equal(typeof first["ms"], "number");

    gw.writeManifest("b.yaml", mapping("b", { prefix: "/b/", service: backend.service, timeout_ms: 1234 }));
    await waitFor(async () => (await statusOf(gw.ports.listener, "/b/x")) === 200, 20_000, { what: "/b/ to be served" });
    const second = await waitFor(() => publishes()[1], 5000, { what: "a second publish line" });
    // The new route is in the existing route configuration; its cluster is the same backend's.
    assert.equal(second["routes"], "+0 -0 ~1", JSON.stringify(second));
    assert.equal(second["listeners"], undefined, "listeners did not change");
    for (const [name, text] of Object.entries({ stdout: gw.stdout(), stderr: gw.stderr(), diag: JSON.stringify(await gw.diag()) })) {
      assert.ok(!text.includes(TOKEN), `the planted token leaked to ${name}`);
    }
  });
});
