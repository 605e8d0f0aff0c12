// Bad input: a config dir mixing valid Mappings with many kinds of invalid resources. Every
// invalid one must be reported (stderr line and diag JSON naming kind, namespace/name, file:line
// and field) while the valid routes serve; fixing a file must take effect within 1 s.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { formatDiagnostic, type Diagnostic } from "../../src/core/diagnostics.js";
import {
  publishLog,
  diagFile, diagLine, echoFrom, findDiags, mapping, request, runAttacheCli, startAttache, startBackend, statusOf, timeUntil, waitFor,
  type Attache, type Backend,
} from "../support/harness/index.js";

const API = "getambassador.io/v3alpha1";

interface BadCase {
  readonly what: string;
  readonly file: string;
  /** The resource the diagnostic must name; absent for a file-level problem (broken YAML). */
  readonly ref?: { readonly kind: string; readonly name: string };
  /** Alternatives: at least one diagnostic must name one of these resources. */
  readonly anyOf?: readonly { readonly kind: string; readonly name: string }[];
  /** A substring of the diagnostic's `field`. */
  readonly field?: string;
}

const meta = (name: string) => `metadata:\n  name: ${name}\n  namespace: default\n`;

function badFiles(svc: string): Record<string, string> {
  return {
    "01-broken.yaml": `apiVersion: ${API}\nkind: Mapping\n${meta("broken-yaml")}spec:\n  prefix: /broken/\n  service: [unclosed\n`,
    "02-missing-service.yaml": `apiVersion: ${API}\nkind: Mapping\n${meta("no-service")}spec:\n  prefix: /fixed/\n`,
    "03-bad-regex.yaml": `apiVersion: ${API}\nkind: Mapping\n${meta("bad-regex")}spec:\n  prefix: "/bad/(unclosed"\n  prefix_regex: true\n  service: ${svc}\n`,
    "04-unknown-kind.yaml": `apiVersion: ${API}\nkind: Mappping\n${meta("typo-kind")}spec:\n  prefix: /typo/\n  service: ${svc}\n`,
    "05-canary-over.yaml":
      `apiVersion: ${API}\nkind: Mapping\n${meta("over-1")}spec:\n  prefix: /over/\n  weight: 60\n  service: ${svc}\n` +
      `---\napiVersion: ${API}\nkind: Mapping\n${meta("over-2")}spec:\n  prefix: /over/\n  weight: 70\n  service: ${svc}\n`,
    "06-dup-a.yaml": `apiVersion: ${API}\nkind: Mapping\n${meta("dup")}spec:\n  prefix: /dup-a/\n  service: ${svc}\n`,
    "06-dup-b.yaml": `apiVersion: ${API}\nkind: Mapping\n${meta("dup")}spec:\n  prefix: /dup-b/\n  service: ${svc}\n`,
    "07-wrong-type.yaml": `apiVersion: ${API}\nkind: Mapping\n${meta("wrong-type")}spec:\n  prefix: /wrong-type/\n  timeout_ms: "abc"\n  service: ${svc}\n`,
    "08-missing-prefix.yaml": `apiVersion: ${API}\nkind: Mapping\n${meta("no-prefix")}spec:\n  service: ${svc}\n`,
    "09-bad-listener.yaml": `apiVersion: ${API}\nkind: Listener\n${meta("bad-port")}spec:\n  port: 70000\n  protocol: HTTP\n  securityModel: XFP\n`,
    "10-unknown-apiversion.yaml": `apiVersion: getambassador.io/v9\nkind: Mapping\n${meta("future-api")}spec:\n  prefix: /future/\n  service: ${svc}\n`,
    "11-host-both-tls.yaml":
      `apiVersion: ${API}\nkind: Host\n${meta("both-tls")}spec:\n  hostname: both.example.com\n  tlsContext:\n    name: some-context\n  tls:\n    min_tls_version: v1.2\n`,
    "12-bad-service-port.yaml": `apiVersion: ${API}\nkind: Mapping\n${meta("bad-svc-port")}spec:\n  prefix: /bad-svc-port/\n  service: 127.0.0.1:99999\n`,
    "13-mixed.yaml":
      `apiVersion: ${API}\nkind: Mapping\n${meta("good-c")}spec:\n  prefix: /good-c/\n  service: ${svc}\n` +
      `---\napiVersion: ${API}\nkind: Mapping\n${meta("negative-timeout")}spec:\n  prefix: /negative/\n  timeout_ms: -5\n  service: ${svc}\n`,
  };
}

const CASES: readonly BadCase[] = [
  { what: "broken YAML", file: "01-broken.yaml" },
  { what: "missing service", file: "02-missing-service.yaml", ref: { kind: "Mapping", name: "no-service" }, field: "service" },
  { what: "bad regex", file: "03-bad-regex.yaml", ref: { kind: "Mapping", name: "bad-regex" }, field: "prefix" },
  { what: "unknown kind", file: "04-unknown-kind.yaml", ref: { kind: "Mappping", name: "typo-kind" }, field: "kind" },
  { what: "canary weights over 100", file: "05-canary-over.yaml", anyOf: [{ kind: "Mapping", name: "over-1" }, { kind: "Mapping", name: "over-2" }], field: "weight" },
  { what: "duplicate name", file: "06-dup-", ref: { kind: "Mapping", name: "dup" }, field: "metadata.name" },
  { what: "wrong type", file: "07-wrong-type.yaml", ref: { kind: "Mapping", name: "wrong-type" }, field: "timeout_ms" },
  { what: "missing prefix", file: "08-missing-prefix.yaml", ref: { kind: "Mapping", name: "no-prefix" }, field: "prefix" },
  { what: "invalid Listener port", file: "09-bad-listener.yaml", ref: { kind: "Listener", name: "bad-port" }, field: "port" },
  { what: "unknown apiVersion", file: "10-unknown-apiversion.yaml", ref: { kind: "Mapping", name: "future-api" }, field: "apiVersion" },
  { what: "Host with both tls and tlsContext", file: "11-host-both-tls.yaml", ref: { kind: "Host", name: "both-tls" }, field: "tls" },
  { what: "bad service port", file: "12-bad-service-port.yaml", ref: { kind: "Mapping", name: "bad-svc-port" }, field: "service" },
  { what: "negative timeout in a multi-document file", file: "13-mixed.yaml", ref: { kind: "Mapping", name: "negative-timeout" }, field: "timeout_ms" },
];

let alpha: Backend;
let gw: Attache;
let configDir: string;
let files: Record<string, string>;

/** 1-based line range of the document in `text` that declares `name: <name>` (whole file if none). */
function docRange(text: string, name: string | undefined): [number, number] {
  const lines = text.split("\n");
  let start = 1;
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] === "---") start = i + 2;
    if (name !== undefined && lines[i] === `  name: ${name}`) {
      const next = lines.findIndex((l, j) => j > i && l === "---");
      return [start, next === -1 ? lines.length : next];
    }
  }
  return [1, lines.length];
}

function diagsFor(diag: { diagnostics?: Diagnostic[] }, c: BadCase): Diagnostic[] {
  const refs = c.ref ? [c.ref] : c.anyOf ?? [undefined];
  return refs.flatMap((r) =>
    findDiags(diag, { file: c.file.endsWith(".yaml") ? c.file : undefined, kind: r?.kind, namespace: r ? "default" : undefined, name: r?.name }),
  ).filter((d) => c.file.endsWith(".yaml") || (diagFile(d) ?? "").includes(c.file));
}

function describeAll(diag: { diagnostics?: Diagnostic[] }): string {
  return (diag.diagnostics ?? []).map((d) => `  ${formatDiagnostic(d)}`).join("\n");
}

describe("bad input", () => {
  before(async () => {
    alpha = await startBackend("alpha");
    configDir = mkdtempSync(join(tmpdir(), "attache-e2e-bad-"));
    files = {
      "00-good.yaml": mapping("good-a", { prefix: "/good-a/", service: alpha.service }) + "---\n" + mapping("good-b", { prefix: "/good-b/", service: alpha.service }),
      ...badFiles(alpha.service),
    };
    for (const [f, text] of Object.entries(files)) writeFileSync(join(configDir, f), text);
    gw = await startAttache({ configDir });
  });
  after(async () => {
    await gw?.stop();
    await alpha?.stop();
    if (configDir) rmSync(configDir, { recursive: true, force: true });
  });

  it("valid routes serve 200 next to the invalid resources", async () => {
    for (const p of ["/good-a/x", "/good-b/x", "/good-c/x"]) {
      await waitFor(async () => (await statusOf(gw.ports.listener, p)) === 200, 2000, { what: `${p} to serve 200` }).catch((err) => {
        throw new Error(`${(err as Error).message}\n${gw.output()}`);
      });
      echoFrom(await request(gw.ports.listener, p), "alpha", p);
    }
  });

  it("invalid resources do not produce routes", async () => {
    for (const p of ["/fixed/x", "/bad-svc-port/x", "/wrong-type/x", "/negative/x", "/typo/x", "/future/x"]) {
      assert.equal(await statusOf(gw.ports.listener, p), 404, `${p} must not be routed`);
    }
  });

  for (const c of CASES) {
    it(`reports ${c.what} in diag JSON and on stderr`, async () => {
      const diag = await gw.diag();
      const found = diagsFor(diag, c);
      assert.ok(found.length > 0, `no diagnostic for ${c.what} (${c.file} ${JSON.stringify(c.ref ?? c.anyOf ?? {})}); diagnostics were:\n${describeAll(diag)}`);
      const d = found.find((x) => c.field === undefined || (x.field ?? "").includes(c.field));
      assert.ok(d, `diagnostic for ${c.what} must name field ~${c.field}: ${found.map(formatDiagnostic).join(" | ")}`);
      assert.equal(d.severity === "error" || d.severity === "warning", true);
      const file = diagFile(d);
      const line = diagLine(d);
      assert.ok(file !== undefined && line !== undefined, `diagnostic for ${c.what} must carry file:line: ${JSON.stringify(d)}`);
      const base = file.split("/").pop()!;
      const text = files[base];
      assert.ok(text !== undefined, `diagnostic names file ${file}, which is not in the config dir`);
      const [from, to] = docRange(text, d.ref?.name);
      assert.ok(line >= from && line <= to, `line ${line} for ${c.what} is outside its document (${base} lines ${from}-${to})`);
      if (c.ref || c.anyOf) {
        assert.equal(d.ref?.namespace, "default");
      }
      const printed = formatDiagnostic(d);
      assert.ok(gw.stderr().includes(printed), `stderr lacks the line \`${printed}\`\n--- stderr ---\n${gw.stderr().slice(-4000)}`);
    });
  }

  it("`attache validate` prints those errors and exits 1", async () => {
    const diag = await gw.diag();
    const res = await runAttacheCli(["validate", configDir]);
    const out = res.stdout + res.stderr;
    // `run` names files relative to its config dir, `validate` as reached from the PATH given.
    const relative = out.split(`${configDir}/`).join("");
    assert.equal(res.code, 1, `validate exit code\n${out}`);
    for (const c of CASES) {
      const d = diagsFor(diag, c)[0];
      assert.ok(d, `no diagnostic for ${c.what} in diag JSON`);
      assert.ok(relative.includes(formatDiagnostic(d)), `validate output lacks \`${formatDiagnostic(d)}\` (paths taken relative to the dir)\n${out}`);
    }
    assert.ok(!out.includes("good-a") && !out.includes("good-c"), `validate prints errors only, not the valid resources:\n${out}`);
  });

  it("`attache translate` exits 1 but prints the config of the valid resources", async () => {
    const res = await runAttacheCli(["translate", configDir, "-o", "json"]);
    assert.equal(res.code, 1, `translate exit code\n${res.stderr}`);
    let config: any;
    assert.doesNotThrow(() => (config = JSON.parse(res.stdout)), `translate stdout is not JSON:\n${res.stdout.slice(0, 2000)}`);
    for (const key of ["listeners", "routes", "clusters", "endpoints", "secrets"]) {
      assert.ok(Array.isArray(config[key]), `translate output lacks ${key}[]`);
    }
    const routes = JSON.stringify(config.routes);
    for (const p of ["/good-a/", "/good-b/", "/good-c/"]) assert.ok(routes.includes(`"${p}"`), `routes lack ${p}`);
    for (const p of ["/fixed/", "/bad-svc-port/", "/negative/"]) assert.ok(!routes.includes(`"${p}"`), `routes must not contain ${p}`);
    assert.ok(JSON.stringify(config).includes(String(alpha.port)), "the backend's port appears in clusters or endpoints");
    assert.match(res.stderr, /no-service/, "translate reports the errors on stderr");
  });

  it("an invalid Mapping written at runtime is reported within 1 s and disturbs nothing", async () => {
    gw.writeManifest("20-runtime-bad.yaml", mapping("runtime-bad", { prefix: "/runtime-bad/", service: alpha.service, timeout_ms: "soon" }));
    const { ms } = await timeUntil(async () => findDiags(await gw.diag(), { name: "runtime-bad", field: "timeout_ms" }).length > 0, 10_000, {
      what: "a diagnostic for Mapping default/runtime-bad",
    });
    console.log(`bad-input: runtime error reported after ${ms} ms`);
    assert.ok(ms <= 1000, `took ${ms} ms` + publishLog(gw.stderr()));
    assert.equal(await statusOf(gw.ports.listener, "/runtime-bad/x"), 404);
    for (const p of ["/good-a/x", "/good-c/x"]) assert.equal(await statusOf(gw.ports.listener, p), 200, p);
    await waitFor(() => gw.stderr().includes("Mapping default/runtime-bad"), 1000, { what: "stderr to report Mapping default/runtime-bad" });
    gw.removeManifest("20-runtime-bad.yaml");
    await waitFor(async () => findDiags(await gw.diag(), { name: "runtime-bad" }).length === 0, 1000, { what: "the runtime-bad diagnostic to go" });
  });

  it("fixing the missing service makes the route serve within 1 s and its diagnostic disappear", async () => {
    gw.writeManifest("02-missing-service.yaml", mapping("no-service", { prefix: "/fixed/", service: alpha.service }));
    const served = await timeUntil(async () => (await statusOf(gw.ports.listener, "/fixed/x")) === 200, 10_000, { what: "/fixed/x to serve 200" });
    console.log(`bad-input: fixed Mapping served after ${served.ms} ms`);
    assert.ok(served.ms <= 1000, `fixed route took ${served.ms} ms (> 1000)` + publishLog(gw.stderr()));
    echoFrom(await request(gw.ports.listener, "/fixed/x"), "alpha", "/fixed/x");
    await waitFor(async () => findDiags(await gw.diag(), { name: "no-service" }).length === 0, 1000, { what: "the no-service diagnostic to disappear" });
    const diag = await gw.diag();
    assert.ok(diagsFor(diag, CASES[2]!).length > 0, "other diagnostics remain (bad-regex)");
  });

  it("fixing the broken YAML file makes its route serve within 1 s and its diagnostic disappear", async () => {
    gw.writeManifest("01-broken.yaml", mapping("broken-yaml", { prefix: "/broken/", service: alpha.service }));
    const served = await timeUntil(async () => (await statusOf(gw.ports.listener, "/broken/x")) === 200, 10_000, { what: "/broken/x to serve 200" });
    console.log(`bad-input: fixed YAML file served after ${served.ms} ms`);
    assert.ok(served.ms <= 1000, `fixed file took ${served.ms} ms (> 1000)` + publishLog(gw.stderr()));
    await waitFor(async () => findDiags(await gw.diag(), { file: "01-broken.yaml" }).length === 0, 1000, { what: "the 01-broken.yaml diagnostic to disappear" });
  });
});
