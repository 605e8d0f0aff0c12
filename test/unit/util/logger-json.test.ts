// The pino-backed logger: JSON lines with levels, text on a terminal, secrets redacted.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createLogger, defaultLogFormat, sanitize } from "../../../src/util/logger.js";

const AT = new Date("2026-11-26T12:00:00.000Z");

test("JSON lines carry level, time, component, message and fields", () => {
  const lines: string[] = [];
  const log = createLogger({ level: "info", format: "json", sink: (l) => lines.push(l), now: () => AT }).child("proxy");
  log.debug("hidden");
  log.info("envoy started", { pid: 12, error: new Error("bad"), skip: undefined });
  log.child("admin").warn("slow");
  assert.equal(lines.length, 2);
  assert.deepEqual(JSON.parse(lines[0]!), { level: "info", time: AT.toISOString(), component: "proxy", pid: 12, error: "bad", msg: "envoy started" });
  assert.deepEqual(JSON.parse(lines[1]!), { level: "warn", time: AT.toISOString(), component: "proxy.admin", msg: "slow" });
});

test("text format keeps the one-line form", () => {
  const lines: string[] = [];
  createLogger({ level: "debug", format: "text", sink: (l) => lines.push(l), now: () => AT }).child("xds").error("stream closed", { node: "a b" });
  assert.deepEqual(lines, [`2026-11-26T12:00:00.000Z error xds: stream closed node="a b"`]);
});

test("text on a terminal, JSON otherwise, ATTACHE_LOG_FORMAT wins", () => {
  assert.equal(defaultLogFormat({}, true), "text");
  assert.equal(defaultLogFormat({}, false), "json");
  assert.equal(defaultLogFormat({ ATTACHE_LOG_FORMAT: "text" }, false), "text");
  assert.equal(defaultLogFormat({ ATTACHE_LOG_FORMAT: "json" }, true), "json");
  assert.equal(defaultLogFormat({ ATTACHE_LOG_FORMAT: "yaml" }, false), "json");
});

test("fields named like secrets are redacted at any depth", () => {
  const planted = "sk-PLANTED-123";
  const out = sanitize({ token: planted, nested: { Authorization: `Bearer ${planted}`, list: [{ api_key: planted, keep: "x" }] }, password: planted, n: 1n });
  const text = JSON.stringify(out);
  assert.ok(!text.includes(planted), text);
  assert.deepEqual(out, { token: "[redacted]", nested: { Authorization: "[redacted]", list: [{ api_key: "[redacted]", keep: "x" }] }, password: "[redacted]", n: "1" });
});
