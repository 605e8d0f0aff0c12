// Generates TypeScript-typed JS for the Envoy v3 API into gen/ with protoc-gen-es.
// The .proto sources come from @grpc/grpc-js-xds (the only registry that ships them);
// its validate.proto predates the Envoy protos, so a compatible one is written in its place.
import { cpSync, mkdirSync, rmSync, writeFileSync, readFileSync, existsSync, readdirSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createHash } from "node:crypto";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const deps = join(root, "node_modules/@grpc/grpc-js-xds/deps");
const work = join(root, "build/proto");
const out = join(root, "gen");
const stamp = join(out, ".stamp");

const self = readFileSync(fileURLToPath(import.meta.url));
const pkg = readFileSync(join(root, "node_modules/@grpc/grpc-js-xds/package.json"));
const validate = readFileSync(join(root, "scripts/proto/validate.proto"));
const key = createHash("sha256").update(self).update(pkg).update(validate).digest("hex");
if (existsSync(stamp) && readFileSync(stamp, "utf8") === key) process.exit(0);

rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
for (const d of ["envoy-api", "xds", "googleapis"]) cpSync(join(deps, d), work, { recursive: true });
mkdirSync(join(work, "validate"), { recursive: true });
cpSync(join(root, "scripts/proto/validate.proto"), join(work, "validate/validate.proto"));

// Only the v3 API is kept; the rest (v2 and a few files whose imports are not shipped) is removed.
const unwanted = (rel) =>
  (rel.startsWith("envoy/") && !rel.startsWith("envoy/annotations/") && !/\/v3(alpha)?\//.test(rel)) ||
  /^envoy\/(service\/(trace|metrics)|extensions\/access_loggers\/open_telemetry)\//.test(rel) ||
  /^google\/api\/(servicecontrol|servicemanagement)\//.test(rel) ||
  rel === "envoy/config/trace/v3/opencensus.proto";
pruneTree(work, "", unwanted);
// trace.proto re-exports the OpenCensus tracer, whose own imports are not shipped.
const trace = join(work, "envoy/config/trace/v3/trace.proto");
writeFileSync(trace, readFileSync(trace, "utf8").replace(/^import public ".*opencensus.proto";$/m, ""));
writeFileSync(join(work, "buf.yaml"), [
  "version: v2",
  "modules:",
  "  - path: .",
  "",
].join("\n"));
writeFileSync(join(work, "buf.gen.yaml"), [
  "version: v2",
  "clean: true",
  "plugins:",
  `  - local: ${join(root, "node_modules/.bin/protoc-gen-es")}`,
  `    out: ${out}`,
  "    strategy: all",
  "    opt: [target=js+dts, import_extension=js, json_types=true]",
  "inputs:",
  "  - directory: .",
  "    paths:",
  "      - envoy",
  "      - xds",
  "      - udpa",
  "      - validate",
  "      - google/api",
  "      - google/rpc",
  "",
].join("\n"));
execFileSync(join(root, "node_modules/.bin/buf"), ["generate"], { cwd: work, stdio: "inherit" });
writeFileSync(stamp, key);

function pruneTree(base, rel, unwanted) {
  for (const entry of readdirSync(join(base, rel), { withFileTypes: true })) {
    const child = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) pruneTree(base, child, unwanted);
    else if (entry.name.endsWith(".proto") && unwanted(child)) rmSync(join(base, child));
  }
}
