// Issue 16 item 5: secrets must not leak through Envoy's NACK text. Envoy's rejection of a
// RouteConfiguration quotes the whole resource, other Mappings' header values (tokens)
// included. A NACK carrying exactly such a text (produced by the real Envoy, on a route table
// that holds the planted token) reaches a running attache over ADS; the token must appear in
// no output channel: stdout, stderr, the diagnostics JSON. The failing field stays named.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { TYPE_URLS } from "../../src/xds/resource-types.js";
import { TestAdsClient } from "../unit/xds/ads-client.js";
import { docs, envoyBin, mapping, startAttache, startBackend, statusOf, waitFor, type Attache, type Backend } from "../support/harness/index.js";

const TOKEN = "sk-live-PLANTED-7f3a9c2e51d4";
const REGEX_TOKEN = "Bearer PLANTEDREGEX[0-9a-f]{8}";
const SECRET_TOKEN = "PLANTED-secret-b64-payload";

/** What Envoy itself says when a route table with the token has a NUL in a rewrite. */
async function envoyRejectionText(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "attache-redact-"));
  try {
    const hcm = {
      "@type": "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager",
      stat_prefix: "x",
      route_config: {
        name: "attache-8080",
        virtual_hosts: [{
          name: "vh", domains: ["*"],
          routes: [
            { match: { prefix: "/tok/" }, route: { cluster: "c" }, request_headers_to_add: [{ header: { key: "x-api-token", value: TOKEN } }] },
            { match: { prefix: "/auth/", headers: [{ name: "authorization", string_match: { safe_regex: { regex: REGEX_TOKEN } } }] }, route: { cluster: "c" } },
            { match: { prefix: "/bad/" }, route: { cluster: "c", prefix_rewrite: "/a\u0000b" } },
          ],
        }],
      },
      http_filters: [{ name: "envoy.filters.http.router", typed_config: { "@type": "type.googleapis.com/envoy.extensions.filters.http.router.v3.Router" } }],
    };
    const bootstrap = {
      static_resources: {
        listeners: [{ name: "l", address: { socket_address: { address: "127.0.0.1", port_value: 1 } }, filter_chains: [{ filters: [{ name: "envoy.filters.network.http_connection_manager", typed_config: hcm }] }] }],
        clusters: [{ name: "c", connect_timeout: "1s", type: "STATIC" }],
      },
    };
    writeFileSync(join(dir, "b.json"), JSON.stringify(bootstrap));
    const out = await promisify(execFile)(envoyBin(), ["--mode", "validate", "-c", join(dir, "b.json"), "-l", "critical"]).then(
      (r) => r.stdout + r.stderr,
      (e: { stdout?: string; stderr?: string }) => `${e.stdout ?? ""}${e.stderr ?? ""}`,
    );
    // "error initializing configuration '<file>': <the text an xDS NACK carries>"
    const head = `${join(dir, "b.json")}': `;
    const at = out.indexOf(head);
    assert.ok(at >= 0 && out.includes(TOKEN) && out.includes("Proto constraint validation failed"), `unexpected Envoy output:\n${out.slice(0, 2000)}`);
    return out.slice(at + head.length).trim();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("Envoy's NACK text is redacted by value on every output channel", () => {
  let backend: Backend;
  let gw: Attache;
  before(async () => {
    backend = await startBackend("alpha");
    gw = await startAttache({
      manifests: {
        "tok.yaml": docs(
          mapping("tokhdr", { prefix: "/tok/", service: backend.service, add_request_headers: { "x-api-token": TOKEN } }),
          mapping("authre", { prefix: "/auth/", service: backend.service, regex_headers: { authorization: REGEX_TOKEN } }),
          `apiVersion: v1\nkind: Secret\nmetadata: {name: creds}\ntype: Opaque\ndata: {token: ${Buffer.from(SECRET_TOKEN).toString("base64")}}\n`,
        ),
        "good.yaml": mapping("good", { prefix: "/good/", service: backend.service }),
      },
    });
  });
  after(async () => {
    await gw?.stop();
    await backend?.stop();
  });

  it("a NACK quoting the route table leaves no token in stdout, stderr or diag", async () => {
    const text = `${await envoyRejectionText()}\nSecret ${SECRET_TOKEN} and again ${Buffer.from(SECRET_TOKEN).toString("base64")}`;
    assert.equal(await statusOf(gw.ports.listener, "/good/x"), 200);
    // A NACK for the route table, sent the way Envoy sends it (same node id, over ADS).
    const client = new TestAdsClient(gw.ports.ads, "attache");
    try {
      client.send({ typeUrl: TYPE_URLS.route, resourceNames: [`listener-${gw.ports.listener}-routes`] });
      const r = await client.next(5000);
      client.answer(r, [`listener-${gw.ports.listener}-routes`], text);
      const diag = await waitFor(async () => {
        const d = await gw.diag();
        return JSON.stringify(d).includes("Proto constraint validation failed") ? d : undefined;
      }, 5000, { what: "the NACK to show in diag" });
      await waitFor(() => gw.stderr().includes("Proto constraint validation failed"), 3000, { what: "the NACK to be logged" });
      const channels = { stdout: gw.stdout(), stderr: gw.stderr(), diag: JSON.stringify(diag) };
      for (const [name, content] of Object.entries(channels)) {
        for (const planted of [TOKEN, REGEX_TOKEN, "PLANTEDREGEX", SECRET_TOKEN]) {
          assert.ok(!content.includes(planted), `${planted} leaked to ${name}:\n${content.slice(Math.max(0, content.indexOf(planted) - 400), content.indexOf(planted) + 200)}`);
        }
      }
      assert.match(channels.diag, /PrefixRewrite: value does not match regex pattern/, "the failing field is still named");
      console.log(`redaction: NACK of ${text.length} characters; none of 4 planted values in stdout (${channels.stdout.length} chars), stderr (${channels.stderr.length}), diag (${channels.diag.length})`);
    } finally {
      client.close();
    }
  });
});
