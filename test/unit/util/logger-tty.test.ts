// On a real terminal (a pty from util-linux `script`, essential in Debian) the logger writes
// readable text; through a pipe, JSON. Same program, same call.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const LOGGER = fileURLToPath(new URL("../../../src/util/logger.js", import.meta.url));
const PROGRAM = `import(${JSON.stringify(LOGGER)}).then((m) => m.createLogger({ level: "info" }).child("x").info("hello", { a: 1 }))`;

test("text on a terminal, JSON through a pipe", () => {
  const env = { ...process.env, ATTACHE_LOG_FORMAT: "" };
  const viaPipe = execFileSync("sh", ["-c", `"${process.execPath}" -e '${PROGRAM}' 2>&1`], { env, encoding: "utf8" });
  assert.deepEqual(Object.keys(JSON.parse(viaPipe.trim())).sort(), ["a", "component", "level", "msg", "time"]);
  const viaTty = execFileSync("script", ["-qc", `"${process.execPath}" -e '${PROGRAM}'`, "/dev/null"], { env, encoding: "utf8" });
  assert.match(viaTty.trim(), /^\d{4}-\d\d-\d\dT[\d:.]+Z info x: hello a=1$/);
});
