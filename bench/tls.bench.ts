// TLS at scale: N Hosts (default 1,000), each with its own certificate and Secret, on one HTTPS
// Listener.
// - cold: time per pipeline stage (parse, resources — where every certificate is parsed and
//   checked —, IR, generate, encode), total and peak RSS, in a fresh process;
// - secret_change: one Secret replaced → new snapshot published, in-process through
//   ControlPlane.apply (which xDS types changed is checked: only SDS may);
// - secret_served: one Secret file replaced under a running `attache run` + Envoy → first new
//   TLS handshake that gets the new certificate (polled every 10 ms).
// Certificates are made with openssl before measuring (one CA, one key shared by the leaves to
// keep set-up short: each Host still has its own certificate and Secret).
import { execFile } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { SourceDocument } from "../src/core/source-document.js";
import { buildIR } from "../src/ir/build.js";
import { buildResourceSet } from "../src/resources/index.js";
import { generateEnvoyConfig } from "../src/envoy/generate.js";
import { ResourceEncoder } from "../src/envoy/encode.js";
import { ControlPlane } from "../src/runtime/control-plane.js";
import { parseManifestText } from "../src/sources/directory/manifest-parser.js";
import { createLogger } from "../src/util/logger.js";
import { XdsCache } from "../src/xds/cache.js";
import { buildSnapshot, type Snapshot } from "../src/xds/snapshot.js";
import { freePorts, startAttache, startBackend, tlsRequest } from "../test/support/harness/index.js";
import { tlsSecretYaml } from "../test/support/pki.js";
import { parseBenchArgs } from "./lib/args.js";
import { emitChildRows, runChild } from "./lib/child.js";
import { latencyRows, mib, printRows, round1, type Row } from "./lib/rows.js";
import { PeakRss } from "./lib/rss.js";

const run = promisify(execFile);
const ROTATIONS = 5;
const host = (i: number) => `host-${i}.bench`;

interface Material {
  readonly dir: string;
  readonly key: string;
  /** Certificate PEM per Host, and a second one for the Hosts that get rotated. */
  readonly certs: readonly string[];
  readonly rotated: ReadonlyMap<number, string>;
}

async function makeMaterial(n: number): Promise<Material> {
  const dir = mkdtempSync(join(tmpdir(), "attache-bench-tls-"));
  const ossl = (args: string[]) => run("openssl", args, { cwd: dir });
  await ossl(["req", "-x509", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-subj", "/CN=bench-ca", "-days", "30"]);
  await ossl(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "leaf.key"]);
  const leaf = (name: string, file: string) => ossl(["req", "-x509", "-new", "-key", "leaf.key", "-subj", `/CN=${name}`, "-addext", `subjectAltName=DNS:${name}`, "-CA", "ca.crt", "-CAkey", "ca.key", "-days", "30", "-out", file]);
  const jobs = [...Array.from({ length: n }, (_, i) => () => leaf(host(i), `h${i}.crt`)), ...rotatedHosts(n).map((i) => () => leaf(host(i), `r${i}.crt`))];
  const workers = Array.from({ length: 4 }, async () => {
    for (let job = jobs.shift(); job; job = jobs.shift()) await job();
  });
  await Promise.all(workers);
  const read = (f: string) => readFileSync(join(dir, f), "utf8");
  return {
    dir,
    key: read("leaf.key"),
    certs: Array.from({ length: n }, (_, i) => read(`h${i}.crt`)),
    rotated: new Map(rotatedHosts(n).map((i) => [i, read(`r${i}.crt`)])),
  };
}

function rotatedHosts(n: number): number[] {
  return Array.from({ length: ROTATIONS }, (_, k) => Math.floor(((k + 0.5) * n) / ROTATIONS));
}

/** File name -> YAML: the Listener, Hosts and Mapping in one file, one file per Secret. */
function manifestFiles(n: number, port: number, service: string, m: Material): Record<string, string> {
  const hosts = Array.from({ length: n }, (_, i) =>
    `apiVersion: getambassador.io/v3alpha1\nkind: Host\nmetadata:\n  name: host-${i}\n  namespace: default\nspec:\n  hostname: ${host(i)}\n  tlsSecret:\n    name: cert-${i}\n`);
  const edge = [
    `apiVersion: getambassador.io/v3alpha1\nkind: Listener\nmetadata:\n  name: https\n  namespace: default\nspec:\n  port: ${port}\n  protocol: HTTPS\n  securityModel: XFP\n`,
    `apiVersion: getambassador.io/v3alpha1\nkind: Mapping\nmetadata:\n  name: all\n  namespace: default\nspec:\n  hostname: "*"\n  prefix: /\n  service: ${service}\n`,
    ...hosts,
  ].join("---\n");
  const out: Record<string, string> = { "edge.yaml": edge };
  m.certs.forEach((cert, i) => (out[`secrets/cert-${i}.yaml`] = tlsSecretYaml(`cert-${i}`, "default", { cert, key: m.key })));
  return out;
}

function documentsOf(files: Record<string, string>): SourceDocument[] {
  return Object.entries(files).sort(([a], [b]) => (a < b ? -1 : 1)).flatMap(([f, t]) => parseManifestText(f, t).documents);
}

function measureCold(n: number, files: Record<string, string>): Row[] {
  const peak = new PeakRss();
  const rows: Row[] = [];
  const time = <T>(metric: string, fn: () => T): T => {
    const t0 = performance.now();
    const out = fn();
    rows.push({ n, metric, value: round1(performance.now() - t0), unit: "ms" });
    peak.sample();
    return out;
  };
  const t0 = performance.now();
  const docs = time("parse", () => documentsOf(files));
  const resources = time("resources", () => buildResourceSet(docs, { ambassadorId: "default", defaultNamespace: "default" }));
  const ir = time("ir", () => buildIR(resources));
  const config = time("generate", () => generateEnvoyConfig(ir));
  time("encode", () => buildSnapshot(1, config, new ResourceEncoder()));
  rows.push({ n, metric: "total", value: round1(performance.now() - t0), unit: "ms" });
  rows.push({ n, metric: "peak_rss", value: mib(peak.stop()), unit: "MiB" });
  if (resources.diagnostics.some((d) => d.severity === "error")) throw new Error(`benchmark input has errors: ${resources.diagnostics[0]?.message}`);
  if (config.secrets.length !== n || config.listeners.length !== 1) throw new Error(`expected ${n} secrets on one listener`);
  return rows;
}

/** One Secret replaced at a time through ControlPlane.apply; only the SDS version may change. */
function measureChange(n: number, files: Record<string, string>, m: Material): Row[] {
  const cache = new XdsCache();
  let published: Snapshot | undefined;
  cache.watch("bench", (s) => (published = s));
  const plane = new ControlPlane(cache, { ambassadorId: "default", defaultNamespace: "default" }, createLogger({ level: "error" }));
  const docs = documentsOf(files);
  let generation = 1;
  plane.apply({ generation: generation++, documents: [...docs], diagnostics: [] });
  const times: number[] = [];
  let otherTypesChanged = 0;
  for (const [i, cert] of m.rotated) {
    const before = published;
    const at = docs.findIndex((d) => d.location.file === `secrets/cert-${i}.yaml`);
    const t0 = performance.now();
    const [doc] = parseManifestText(`secrets/cert-${i}.yaml`, tlsSecretYaml(`cert-${i}`, "default", { cert, key: m.key })).documents;
    if (!doc || at < 0) throw new Error(`no Secret cert-${i}`);
    docs[at] = doc;
    plane.apply({ generation: generation++, documents: [...docs], diagnostics: [] });
    times.push(performance.now() - t0);
    if (!before || !published || published === before) throw new Error("no new snapshot after a Secret change");
    const previous = new Map(Object.entries(before.types).map(([url, t]) => [url, t.version]));
    for (const [url, t] of Object.entries(published.types)) if (!url.endsWith(".Secret") && t.version !== previous.get(url)) otherTypesChanged++;
  }
  return [...latencyRows(n, "secret_change", times), { n, metric: "non_sds_types_changed", value: otherTypesChanged, unit: "count" }];
}

async function measureServed(n: number, m: Material): Promise<Row[]> {
  const backend = await startBackend("tls-bench");
  const [port] = (await freePorts(1)) as [number];
  const files = manifestFiles(n, port, backend.service, m);
  const gw = await startAttache({ manifests: files, readyTimeoutMs: 300_000 });
  try {
    const fingerprint = async (i: number) => (await tlsRequest(port, "/", { servername: host(i), timeoutMs: 5000 }).catch(() => undefined))?.peerFingerprint;
    const want = (pem: string) => new X509Certificate(pem).fingerprint256;
    await until(async () => (await fingerprint(n - 1)) === want(m.certs[n - 1] ?? ""), 300_000);
    const times: number[] = [];
    for (const [i, cert] of m.rotated) {
      const t0 = Date.now();
      gw.writeManifest(`secrets/cert-${i}.yaml`, tlsSecretYaml(`cert-${i}`, "default", { cert, key: m.key }));
      await until(async () => (await fingerprint(i)) === want(cert), 30_000);
      times.push(Date.now() - t0);
    }
    return latencyRows(n, "secret_served", times);
  } finally {
    await gw.stop();
    await backend.stop();
  }
}

async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not served within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function main(): Promise<void> {
  const args = parseBenchArgs();
  const n = args.child ?? args.num("hosts", 1000);
  const dir = args.str("material");
  if (args.child !== undefined && dir) {
    const m = JSON.parse(readFileSync(join(dir, "material.json"), "utf8")) as Material & { rotated: [number, string][] };
    const material: Material = { ...m, rotated: new Map(m.rotated) };
    const files = manifestFiles(n, 8443, "127.0.0.1:9", material);
    return emitChildRows([...measureCold(n, files), ...measureChange(n, files, material)]);
  }
  const t0 = Date.now();
  const m = await makeMaterial(n);
  process.stderr.write(`tls bench: ${n} certificates made in ${Date.now() - t0} ms\n`);
  try {
    writeFileSync(join(m.dir, "material.json"), JSON.stringify({ ...m, rotated: [...m.rotated] }));
    const rows = await runChild(fileURLToPath(import.meta.url), ["--child", String(n), "--material", m.dir], { timeoutMs: 600_000 });
    rows.push(...(await measureServed(n, m)));
    printRows("tls", rows, args.json, `tls: ${n} Hosts each with its own certificate and Secret; ${ROTATIONS} Secret rotations, ${process.version}`);
  } finally {
    rmSync(m.dir, { recursive: true, force: true });
  }
}

await main();
