// The image, really built (scripts/image/build.sh: buildah, vfs, chroot isolation, on the base
// made locally by scripts/image/base.sh) and run: inside it, as its own user from its own working
// directory and entrypoint, `attache --version`, `validate` and `translate` of the quickstart, and
// `attache run` whose Envoy answers a request from the host (chroot isolation shares the host's
// network). It runs as a numeric non-root user, writes nothing outside /tmp (so a read-only root
// works), and carries no dev dependencies, TypeScript sources, proto files or npm.
import assert from "node:assert/strict";
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { freePorts } from "../support/harness/ports.js";
import { descendants } from "../support/harness/process.js";
import { request } from "../support/harness/http.js";
import { REPO_ROOT } from "../support/harness/repo.js";
import { waitFor } from "../support/harness/wait.js";

const exec = promisify(execFile);
const BUILDAH = join(REPO_ROOT, "scripts/image/buildah.sh");
/** A cold build (base, npm ci, pip, tsc on a shared 2-core machine) takes minutes. */
const BUILD_TIMEOUT_MS = 30 * 60_000;

interface ImageConfig { User: string; Entrypoint: string[]; Cmd: string[]; WorkingDir: string; Env: string[] }

let image = "";
let config: ImageConfig;
let ctr = "";
let rootfs = "";
let workDir = "";
const started = Date.now();

const buildah = async (args: string[]) => (await exec("bash", [BUILDAH, ...args], { encoding: "utf8", maxBuffer: 64 << 20 })).stdout;
/** Runs a command in the image's container as the image's user, from its working directory. */
const runArgs = (extra: string[], command: string[]) =>
  ["run", "--isolation", "chroot", "--user", config.User, "--workingdir", config.WorkingDir, ...extra, ctr, "--", ...command];
const inImage = (command: string[], extra: string[] = []) => exec("bash", [BUILDAH, ...runArgs(extra, command)], { encoding: "utf8", maxBuffer: 64 << 20 });
const quickstartMount = () => ["--volume", `${join(REPO_ROOT, "examples/quickstart")}:/config:ro`];

describe("the container image", { timeout: BUILD_TIMEOUT_MS }, () => {
  before(async () => {
    image = process.env["ATTACHE_IMAGE"] || (await exec("bash", [join(REPO_ROOT, "scripts/image/build.sh")], { encoding: "utf8", maxBuffer: 64 << 20 })).stdout.trim();
    const inspected = JSON.parse(await buildah(["inspect", "--type", "image", image])) as { OCIv1: { config: ImageConfig } };
    config = inspected.OCIv1.config;
    ctr = (await buildah(["from", "--pull=never", "--name", `attache-smoke-${process.pid}`, image])).trim();
    rootfs = (await buildah(["mount", ctr])).trim();
    workDir = mkdtempSync(join(tmpdir(), "attache-image-"));
    const size = (await buildah(["images", "--format", "{{.Size}}", image])).trim();
    console.log(`image: ${image}, size ${size}`);
  });
  after(async () => {
    if (ctr) await buildah(["rm", ctr]).catch(() => "");
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it("runs `attache run` as a numeric non-root user, with Envoy 1.40 and Node 20 inside", async () => {
    assert.match(config.User, /^[1-9]\d*:\d+$/, `USER ${config.User}`);
    assert.deepEqual(config.Entrypoint, ["attache", "run"]);
    assert.ok(config.Env.includes("ENVOY_BIN=/usr/local/bin/envoy"), config.Env.join(" "));
    const version = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")).version as string;
    assert.equal((await inImage(["attache", "--version"])).stdout.trim(), `attache ${version}`);
    assert.match((await inImage(["node", "--version"])).stdout, /^v20\./);
    assert.match((await inImage(["envoy", "--version"])).stdout, /\/1\.40\.\d+\//);
    assert.equal((await inImage(["id", "-u"])).stdout.trim(), config.User.split(":")[0]);
  });

  it("validates and translates the quickstart manifests", async () => {
    // Exits 0 (exec rejects otherwise) and reports nothing wrong.
    const validate = await inImage(["attache", "validate", "/config"], quickstartMount());
    assert.doesNotMatch(validate.stderr, /error/i, validate.stderr);
    const translate = await inImage(["attache", "translate", "/config", "-o", "json"], quickstartMount());
    const out = JSON.parse(translate.stdout) as Record<string, unknown>;
    assert.match(JSON.stringify(out), /quote-backend|backend/);
  });

  it("serves a request from the host through its Envoy, and writes nothing outside /tmp", async () => {
    const [listener, ads, admin, health, ready, backendPort] = await freePorts(6);
    const backend = spawn(process.execPath, [join(REPO_ROOT, "examples/quickstart/backend.mjs")], { env: { ...process.env, DEMO_BACKEND_PORT: String(backendPort) }, stdio: "ignore" });
    const configDir = join(workDir, "config");
    writeQuickstart(configDir, listener!, backendPort!);
    const marker = Date.now();
    const args = ["--config-dir", "/config", "--listener-address", "127.0.0.1", "--ads-port", String(ads), "--admin-port", String(admin), "--health-port", String(health), "--ready-port", String(ready), "--drain-time-s", "1"];
    const child = spawn("bash", [BUILDAH, ...runArgs(["--volume", `${configDir}:/config:ro`], [...config.Entrypoint, ...args])], { stdio: ["ignore", "pipe", "pipe"], detached: true });
    let output = "";
    child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
    try {
      const res = await waitFor(async () => {
        const r = await request(listener!, "/backend/", { timeoutMs: 2000, agent: false });
        return r.status === 200 ? r : undefined;
      }, 60_000, { what: "GET /backend/ through the image's Envoy" }).catch((err: Error) => {
        throw new Error(`${err.message}\n${output.slice(-4000)}`);
      });
      assert.equal(res.headers["x-routed-by"], "attache");
      assert.equal(res.json?.backend, "quote");
      console.log(`image: attache run in the image served GET /backend/ from the host (${res.status})`);
      assert.deepEqual(changedOutsideTmp(rootfs, marker), [], "the image's processes write only to /tmp");
    } finally {
      await stopGroup(child);
      backend.kill();
    }
    const said = output.split("\n").filter((l) => /attache:|drain/.test(l)).join("\n");
    assert.match(output, /SIGTERM received/, said);
    assert.match(output, /envoy drained/, said);
  });

  it("carries no dev dependencies, TypeScript sources, proto files or npm", () => {
    const app = join(rootfs, config.WorkingDir);
    // What the lockfile marks dev-only (needed by no runtime dependency) must be absent.
    const lock = JSON.parse(readFileSync(join(REPO_ROOT, "package-lock.json"), "utf8")) as { packages: Record<string, { dev?: boolean }> };
    const devOnly = Object.entries(lock.packages).filter(([path, p]) => path && p.dev).map(([path]) => path);
    assert.ok(devOnly.some((p) => p.endsWith("node_modules/typescript")), "the lockfile marks typescript dev-only");
    assert.deepEqual(devOnly.filter((p) => existsSync(join(app, p))), [], "dev-only packages in the image");
    // attache's own: generated code ships as JavaScript only (dependencies ship what they ship).
    assert.deepEqual(filesUnder(app, (f) => !f.startsWith("node_modules/") && /\.(ts|proto|map)$/.test(f)), [], "TypeScript, proto or source maps of attache in the image");
    assert.ok(!existsSync(join(app, "src")) && !existsSync(join(app, "scripts")), "no src/ or scripts/");
    assert.ok(!existsSync(join(rootfs, "usr/local/bin/npm")), "npm is a build tool");
    console.log(`image: checked in ${Math.round((Date.now() - started) / 1000)} s`);
  });
});

/** examples/quickstart with the listener and backend on free ports (tests never take fixed ones). */
function writeQuickstart(dir: string, listener: number, backend: number): void {
  const src = join(REPO_ROOT, "examples/quickstart");
  mkdirSync(dir, { recursive: true });
  for (const f of readdirSync(src).filter((n) => n.endsWith(".yaml"))) {
    const text = readFileSync(join(src, f), "utf8").replace(/port: 8080/g, `port: ${listener}`).replace(/127\.0\.0\.1:9001/g, `127.0.0.1:${backend}`);
    writeFileSync(join(dir, f), text);
  }
}

/** Files (not directories) under `root` for which `pick` holds, relative. */
function filesUnder(root: string, pick: (rel: string) => boolean, rel = ""): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(root, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...filesUnder(root, pick, r));
    else if (pick(r)) out.push(r);
  }
  return out;
}

/** Paths in the container's root changed since `since`, outside /tmp and the runtime's own files. */
function changedOutsideTmp(root: string, since: number): string[] {
  const skip = new Set(["tmp", "proc", "sys", "dev", "run", "etc/hosts", "etc/resolv.conf", "etc/hostname", "config"]);
  const walk = (rel: string): string[] => {
    const out: string[] = [];
    for (const e of readdirSync(join(root, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (skip.has(r)) continue;
      const st = statSync(join(root, r), { throwIfNoEntry: false });
      if (!st) continue;
      if (st.mtimeMs >= since) out.push(r);
      if (e.isDirectory()) out.push(...walk(r));
    }
    return out;
  };
  return walk("");
}

/**
 * SIGTERM to attache inside the container, as the kubelet sends it (buildah run does not forward
 * signals); it drains and exits, and `buildah run` with it. SIGKILL to the group after 20 s.
 */
async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const isAttache = (pid: number) => {
    const cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
    return /(^|\/)node$/.test(cmd[0] ?? "") && cmd[1]?.endsWith("/attache") === true && cmd[2] === "run";
  };
  const attache = descendants(child.pid).find((p) => { try { return isAttache(p.pid); } catch { return false; } });
  if (attache) process.kill(attache.pid, "SIGTERM");
  else process.kill(-child.pid, "SIGTERM");
  const timer = setTimeout(() => { try { process.kill(-child.pid!, "SIGKILL"); } catch { /* gone */ } }, 20_000);
  await exited;
  clearTimeout(timer);
}
