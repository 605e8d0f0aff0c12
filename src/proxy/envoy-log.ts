// Maps Envoy's own log lines onto attache's log levels, so `envoy: ...` lines can be filtered
// with ATTACHE_LOG_LEVEL like everything else.
import type { LogLevel } from "../util/logger.js";

// Envoy's default format: `[2026-11-26 12:00:00.123][1234][warning][config] [file:line] msg`.
const ENVOY_LINE = /^\[[^\]]*\]\[\d+\]\[(\w+)\]/;

const LEVELS: Record<string, LogLevel> = {
  trace: "debug",
  debug: "debug",
  info: "info",
  warning: "warn",
  error: "error",
  critical: "error",
};

/** The level of one Envoy output line; lines in other formats (e.g. crash dumps) count as `info`. */
export function envoyLineLevel(line: string): LogLevel {
  const m = ENVOY_LINE.exec(line);
  return (m && LEVELS[m[1] ?? ""]) || "info";
}
