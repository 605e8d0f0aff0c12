// A Mapping that attache accepts but Envoy rejects (a valid RE2 regex whose program size is over
// the bootstrap's `re2.max_program_size.error_level`, i.e. Module regex_max_size, default 200).
// The last good config must keep serving, the NACK must be reported against that Mapping, and
// attache must not resend the rejected config in a loop.
//
// attache estimates program sizes itself (a lower bound) and refuses regexes it knows to be too
// big, so the test picks the first candidate that `attache validate` still accepts: each is valid
// RE2 with an Envoy 1.40 program size over 200 (sizes measured with `envoy --mode validate`).
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { formatDiagnostic } from "../../src/core/diagnostics.js";
import {
  diagFile, findDiags, formatLoadReport, mapping, parseStats, resource, runAttacheCli, sleep, startAttache, startBackend, startLoad, statusOf, sumStats, timeUntil, waitFor,
  type Attache, type Backend, type Load,
} from "../support/harness/index.js";

interface BigRegex {
  readonly regex: string;
  /** A path the regex matches. */
  readonly path: string;
  readonly envoySize: number;
}

const CANDIDATES: readonly BigRegex[] = [
  { regex: "/too-big/(ab|cd|ef|gh){40}", path: `/too-big/${"ab".repeat(40)}`, envoySize: 413 },
  { regex: "/n/\\W{100}", path: `/n/${"-".repeat(100)}`, envoySize: 507 },
  { regex: "/u/\\pL{40}", path: `/u/${"a".repeat(40)}`, envoySize: 287 },
];
const BIG = CANDIDATES[0]!;

let picked: Promise<BigRegex> | undefined;

/** The first candidate attache's own validation lets through (so only Envoy can reject it). */
function nackRegex(): Promise<BigRegex> {
  picked ??= (async () => {
    const verdicts: string[] = [];
    for (const c of CANDIDATES) {
      const dir = mkdtempSync(join(tmpdir(), "attache-e2e-nack-"));
      try {
        writeFileSync(join(dir, "m.yaml"), mapping("probe", { prefix: c.regex, prefix_regex: true, rewrite: "", service: "127.0.0.1:9" }));
        const res = await runAttacheCli(["validate", dir]);
        if (res.code === 0) {
          console.log(`nack: using ${c.regex} (Envoy program size ${c.envoySize}), which attache validate accepts`);
          return c;
        }
        verdicts.push(`${c.regex}: ${res.stderr.trim()}`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
    throw new Error(`attache validate refuses every regex that Envoy rejects, so no NACK can be provoked this way; add a candidate:\n${verdicts.join("\n")}`);
  })();
  return picked;
}
const RDS_REJECTED = /\.rds\..*\.update_rejected$/;

let alpha: Backend;
let gw: Attache;
let load: Load | undefined;

async function rdsRejected(): Promise<{ total: number; names: string[] }> {
  return sumStats(parseStats(await gw.admin("/stats?filter=update_rejected")), RDS_REJECTED);
}

describe("Envoy NACK of a config attache accepted", () => {
  before(async () => {
    alpha = await startBackend("alpha");
    gw = await startAttache({
      manifests: {
        "ok-a.yaml": mapping("ok-a", { prefix: "/ok-a/", service: alpha.service }),
        "ok-b.yaml": mapping("ok-b", { prefix: "/ok-b/", service: alpha.service }),
      },
    });
    for (const p of ["/ok-a/x", "/ok-b/x"]) {
      await waitFor(async () => (await statusOf(gw.ports.listener, p)) === 200, 2000, { what: `${p} to serve 200` });
    }
    load = startLoad({ port: gw.ports.listener, paths: [{ path: "/ok-a/x" }, { path: "/ok-b/x" }], rate: 60, concurrency: 4, maxDurationMs: 60_000 });
  });
  after(async () => {
    if (load) await load.stop({ quiet: true });
    await gw?.stop();
    await alpha?.stop();
  });

  it("keeps serving the last good config, reports the NACK once, then recovers", async () => {
    const baseline = await rdsRejected();
    assert.ok(baseline.names.length > 0, `Envoy exposes no rds update_rejected counter:\n${await gw.admin("/stats?filter=rds")}`);
    assert.equal(baseline.total, 0, `rds updates rejected before the bad Mapping: ${baseline.names.join(", ")}`);

    const big = await nackRegex();
    gw.writeManifest("too-big.yaml", mapping("too-big-regex", { prefix: big.regex, prefix_regex: true, rewrite: "", service: alpha.service }));

    const nack = await timeUntil(async () => {
      const diag = await gw.diag();
      return (diag.nacks ?? []).length > 0 && JSON.stringify(diag.nacks).includes("too-big-regex") ? diag.nacks : undefined;
    }, 10_000, { what: "diag JSON nacks to name Mapping too-big-regex" }).catch(async (err) => {
      const diag = await gw.diag().catch((e) => String(e));
      throw new Error(`${(err as Error).message}\ndiag: ${JSON.stringify(diag).slice(0, 3000)}\nrds: ${(await rdsRejected()).names}\n${gw.output().slice(-4000)}`);
    });
    console.log(`nack: reported after ${nack.ms} ms: ${JSON.stringify(nack.value).slice(0, 600)}`);
    const blamed = await waitFor(async () => {
      const d = findDiags(await gw.diag(), { kind: "Mapping", namespace: "default", name: "too-big-regex" }).find((x) => x.stage === "envoy");
      return d;
    }, 2000, { what: "an envoy-stage diagnostic naming Mapping default/too-big-regex" });
    assert.equal(blamed.severity, "error");
    assert.ok(diagFile(blamed)?.endsWith("too-big.yaml"), `diagnostic names the file: ${formatDiagnostic(blamed)}`);
    const wronglyBlamed = findDiags(await gw.diag(), {}).filter((d) => d.stage === "envoy" && d.ref?.name !== "too-big-regex");
    assert.deepEqual(wronglyBlamed.map(formatDiagnostic), [], "only the bad Mapping is blamed");
    await waitFor(() => gw.stderr().includes(formatDiagnostic(blamed)), 2000, { what: `stderr to print \`${formatDiagnostic(blamed)}\`` });

    const first = await waitFor(async () => {
      const r = await rdsRejected();
      return r.total > 0 ? r : undefined;
    }, 5000, { what: "Envoy's rds update_rejected counter to count the rejection" });
    assert.equal(await statusOf(gw.ports.listener, "/ok-a/x"), 200, "/ok-a/ still serves after the NACK");
    assert.equal(await statusOf(gw.ports.listener, "/ok-b/x"), 200, "/ok-b/ still serves after the NACK");
    assert.equal(await statusOf(gw.ports.listener, big.path), 404, "the rejected route is not served");

    await sleep(3000);
    const later = await rdsRejected();
    console.log(`nack: rds update_rejected first ${first.total}, 3 s later ${later.total} (${later.names.join(", ")})`);
    assert.ok(later.total <= 3, `rejected ${later.total} times: attache resends the rejected config (${later.names.join(", ")})`);
    assert.ok(later.total - first.total <= 1, `rejections went from ${first.total} to ${later.total} in 3 s: a resend loop`);
    assert.equal(await statusOf(gw.ports.listener, "/ok-a/x"), 200, "/ok-a/ still serves 3 s after the NACK");

    gw.removeManifest("too-big.yaml");
    gw.writeManifest("after.yaml", mapping("after", { prefix: "/after/", service: alpha.service }));
    const recovered = await timeUntil(async () => (await statusOf(gw.ports.listener, "/after/x")) === 200, 10_000, { what: "/after/x to serve 200 after removing the bad Mapping" });
    console.log(`nack: good Mapping served ${recovered.ms} ms after removing the bad one`);
    assert.ok(recovered.ms <= 2000, `recovery took ${recovered.ms} ms`);
    assert.equal(await statusOf(gw.ports.listener, "/ok-a/x"), 200);
    await sleep(1000);
    const end = await rdsRejected();
    assert.equal(end.total, later.total, `no more rejections after recovery (${end.names.join(", ")})`);
    const diag = await gw.diag();
    console.log(`nack: after recovery, diag nacks = ${JSON.stringify(diag.nacks ?? null).slice(0, 400)}`);
    assert.deepEqual(findDiags(diag, { name: "too-big-regex" }).map(formatDiagnostic), [], "the removed Mapping is no longer reported");
  });

  it("the unchanged routes never failed", async () => {
    const report = await load!.stop();
    load = undefined;
    for (const p of ["/ok-a/x", "/ok-b/x"]) {
      const c = report.byPath[p]!;
      assert.ok(c.total > 0, `no requests sent to ${p}`);
      assert.equal(c.failed, 0, `failures on ${p}:\n${formatLoadReport(report)}`);
    }
  });
});

describe("Module regex_max_size", () => {
  let backend: Backend;
  let gw2: Attache;
  before(async () => {
    backend = await startBackend("alpha");
    gw2 = await startAttache({
      manifests: {
        "module.yaml": resource("Module", "ambassador", { config: { regex_max_size: 1000 } }),
        "big.yaml": mapping("big-regex", { prefix: BIG.regex, prefix_regex: true, rewrite: "", service: backend.service }),
        "ok.yaml": mapping("ok", { prefix: "/ok/", service: backend.service }),
      },
    });
  });
  after(async () => {
    await gw2?.stop();
    await backend?.stop();
  });

  it("raises Envoy's RE2 program size limit so the big regex is accepted", async () => {
    await waitFor(async () => (await statusOf(gw2.ports.listener, "/ok/x")) === 200, 2000, { what: "/ok/x to serve 200" });
    const diag = await gw2.diag();
    assert.deepEqual(diag.nacks ?? [], [], `Envoy rejected the config although regex_max_size is 1000: ${JSON.stringify(diag.nacks).slice(0, 500)}`);
    assert.deepEqual(findDiags(diag, { name: "big-regex" }).map(formatDiagnostic), [], "attache's own check honours regex_max_size too");
    assert.equal(await statusOf(gw2.ports.listener, BIG.path), 200, `${BIG.path} (program size ${BIG.envoySize} <= 1000) serves`);
  });
});

// With no last good configuration to compare against, the NACK alone cannot say which resource
// is bad; attache must still find it (the good ones serve) rather than stay unready for ever.
describe("an Envoy-rejected Mapping in the very first configuration", () => {
  let backend: Backend;
  let gw3: Attache;
  let big: BigRegex;
  before(async () => {
    big = await nackRegex();
    backend = await startBackend("alpha");
    gw3 = await startAttache({
      readyTimeoutMs: 15_000,
      manifests: {
        "big.yaml": mapping("big-regex", { prefix: big.regex, prefix_regex: true, rewrite: "", service: backend.service }),
        "ok.yaml": mapping("ok", { prefix: "/ok/", service: backend.service }),
      },
    });
  });
  after(async () => {
    await gw3?.stop();
    await backend?.stop();
  });

  it("does not keep the good Mappings from serving, and blames only the bad one", async () => {
    await waitFor(async () => (await statusOf(gw3.ports.listener, "/ok/x")) === 200, 5000, { what: "/ok/x to serve 200" });
    assert.equal(await statusOf(gw3.ports.listener, big.path), 404);
    const blamed = findDiags(await gw3.diag(), {}).filter((d) => d.stage === "envoy").map((d) => d.ref?.name);
    assert.deepEqual(blamed, ["big-regex"]);
  });
});
