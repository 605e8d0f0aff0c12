import { test } from "node:test";
import assert from "node:assert/strict";
import { createLogger, formatLine, levelFromEnv } from "../../../src/util/logger.js";

const AT = new Date("2026-11-26T12:00:00.000Z");

test("lines carry time, level, component, message and fields, with ambiguous values quoted", () => {
  assert.equal(
    formatLine(AT, "info", "proxy", "envoy started", { pid: 12, bin: "/x/envoy", note: "a b", n: null, o: { k: 1 }, skip: undefined }),
    `2026-11-26T12:00:00.000Z info proxy: envoy started pid=12 bin=/x/envoy note="a b" n=null o={"k":1}`,
  );
  assert.equal(formatLine(AT, "error", undefined, "failed", { error: new Error("bad thing") }), `2026-11-26T12:00:00.000Z error failed error="bad thing"`);
});

test("odd field values never make logging throw", () => {
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  assert.equal(formatLine(AT, "warn", "x", "m", { big: 10n, c: cyclic, e: "" }), `2026-11-26T12:00:00.000Z warn x: m big=10 c="[object Object]" e=""`);
});

test("messages below the level are dropped; child loggers share level and sink", () => {
  const lines: string[] = [];
  const log = createLogger({ level: "warn", sink: (l) => lines.push(l), now: () => AT });
  log.debug("d");
  log.info("i");
  log.warn("w");
  const child = log.child("diag").child("http");
  child.info("i2");
  child.error("e", { code: 1 });
  assert.deepEqual(lines, [`2026-11-26T12:00:00.000Z warn w`, `2026-11-26T12:00:00.000Z error diag.http: e code=1`]);
});

test("ATTACHE_LOG_LEVEL picks the level; unknown values fall back to info", () => {
  assert.equal(levelFromEnv({ ATTACHE_LOG_LEVEL: "DEBUG" }), "debug");
  assert.equal(levelFromEnv({ ATTACHE_LOG_LEVEL: " error " }), "error");
  assert.equal(levelFromEnv({ ATTACHE_LOG_LEVEL: "loud" }), "info");
  assert.equal(levelFromEnv({}), "info");
  const lines: string[] = [];
  const prev = process.env.ATTACHE_LOG_LEVEL;
  process.env.ATTACHE_LOG_LEVEL = "error";
  try {
    const log = createLogger({ sink: (l) => lines.push(l) });
    log.warn("hidden");
    log.error("shown");
  } finally {
    if (prev === undefined) delete process.env.ATTACHE_LOG_LEVEL;
    else process.env.ATTACHE_LOG_LEVEL = prev;
  }
  assert.equal(lines.length, 1);
  assert.match(lines[0]!, / error shown$/);
});
