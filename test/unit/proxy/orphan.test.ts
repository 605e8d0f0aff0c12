// Envoy must never outlive attache, however attache ends. Each case runs a supervisor in a
// separate node process, ends that process, and checks the Envoy it started is gone.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { buildBootstrap } from "../../../src/proxy/bootstrap.js";
import { writeBootstrap } from "../../../src/proxy/bootstrap-file.js";
import { envoyBinForTests, freePorts, isAlive, readyAnswers, waitFor } from "./support.js";

const SUPERVISOR_URL = new URL("../../../src/proxy/supervisor.js", import.meta.url).href;

// argv: envoyBin bootstrapPath mode killOnParentDeath
const CHILD = `
import { EnvoySupervisor } from ${JSON.stringify(SUPERVISOR_URL)};
const [envoyBin, bootstrapPath, mode, kpd] = process.argv.slice(2);
const sup = new EnvoySupervisor({ envoyBin, bootstrapPath, concurrency: 1, killOnParentDeath: kpd === "true" });
const pid = await sup.start();
process.stdout.write(JSON.stringify({ pid }) + "\\n");
process.stdin.on("data", () => {
  if (mode === "exit") process.exit(3);
  if (mode === "throw") throw new Error("boom");
});
`;

async function runCase(mode: "exit" | "throw" | "SIGTERM" | "SIGINT" | "SIGKILL", killOnParentDeath: boolean): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "attache-orphan-"));
  let envoyPid: number | undefined;
  try {
    const [adsPort, adminPort, readyPort] = (await freePorts(3)) as [number, number, number];
    const bootstrapPath = await writeBootstrap(dir, buildBootstrap({ adsPort, adminPort, readyPort, initialFetchTimeout: "0.25s" }));
    const script = join(dir, "child.mjs");
    await writeFile(script, CHILD);
    const child = spawn(process.execPath, [script, envoyBinForTests(), bootstrapPath, mode, String(killOnParentDeath)], {
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr!.on("data", (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    const firstLine = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout! }).once("line", resolve);
      child.once("exit", (code) => reject(new Error(`child exited early with ${code}: ${stderr}`)));
    });
    envoyPid = (JSON.parse(firstLine) as { pid: number }).pid;
    const pid = envoyPid;
    await waitFor("Envoy ready", () => readyAnswers(readyPort));
    if (mode === "exit" || mode === "throw") child.stdin!.write("go\n");
    else child.kill(mode);
    await exited;
    if (mode === "throw") assert.match(stderr, /Error: boom/);
    await waitFor(`Envoy pid ${pid} to be gone after the parent's ${mode}`, () => !isAlive(pid), 5_000);
    await assert.rejects(readyAnswers(readyPort));
  } finally {
    if (envoyPid !== undefined && isAlive(envoyPid)) process.kill(envoyPid, "SIGKILL");
    await rm(dir, { recursive: true, force: true });
  }
}

test("parent SIGKILLed: the kernel kills Envoy (pdeathsig)", () => runCase("SIGKILL", true));
test("parent calls process.exit: the exit hook kills Envoy", () => runCase("exit", false));
test("parent dies of an uncaught exception: the exit hook kills Envoy", () => runCase("throw", false));
test("parent gets SIGTERM with no handler of its own: Envoy is killed, the signal still ends node", () => runCase("SIGTERM", false));
test("parent gets SIGINT with no handler of its own: Envoy is killed", () => runCase("SIGINT", false));
