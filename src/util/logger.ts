// Structured logs through pino: JSON lines with levels on stderr (what a log pipeline reads),
// or one line of text per event when stderr is a terminal (or `format: "text"`). stdout stays
// free for command output (e.g. `attache translate` printing config). Fields whose names say
// they hold a secret (token, password, authorization, ...) are logged as "[redacted]".
import { pino, type Logger as PinoLogger } from "pino";

export type LogLevel = "debug" | "info" | "warn" | "error";
export type LogFormat = "json" | "text";

export type LogFields = Readonly<Record<string, unknown>>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** A logger whose lines carry `component` (e.g. `proxy`), sharing level and sink. */
  child(component: string): Logger;
}

export interface LoggerOptions {
  readonly level?: LogLevel;
  readonly component?: string;
  /** Default: `ATTACHE_LOG_FORMAT`, else text on a terminal and JSON otherwise; text with a `sink`. */
  readonly format?: LogFormat;
  /** Where finished lines go (without trailing newline); defaults to stderr. */
  readonly sink?: (line: string) => void;
  /** Clock for timestamps; injectable so tests can assert whole lines. */
  readonly now?: () => Date;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function isLogLevel(s: string): s is LogLevel {
  return Object.hasOwn(RANK, s);
}

/** Level from `ATTACHE_LOG_LEVEL`; an unknown value falls back to `info` rather than failing startup. */
export function levelFromEnv(env: NodeJS.ProcessEnv = process.env): LogLevel {
  const raw = (env.ATTACHE_LOG_LEVEL ?? "").trim().toLowerCase();
  return isLogLevel(raw) ? raw : "info";
}

export function isLogFormat(s: string): s is LogFormat {
  return s === "json" || s === "text";
}

/** `ATTACHE_LOG_FORMAT` when valid, else text on a terminal and JSON otherwise. */
export function defaultLogFormat(env: NodeJS.ProcessEnv = process.env, tty: boolean = process.stderr.isTTY === true): LogFormat {
  const raw = (env.ATTACHE_LOG_FORMAT ?? "").trim().toLowerCase();
  if (isLogFormat(raw)) return raw;
  return tty ? "text" : "json";
}

export function createLogger(opts: LoggerOptions = {}): Logger {
  const level = opts.level ?? levelFromEnv();
  const sink = opts.sink ?? ((line: string) => process.stderr.write(line + "\n"));
  const format = opts.format ?? (opts.sink ? "text" : defaultLogFormat());
  const now = opts.now ?? (() => new Date());
  // pino writes each finished JSON line synchronously to this destination.
  const destination = {
    write: (chunk: string) => {
      for (const line of chunk.split("\n")) if (line) sink(format === "json" ? line : textOf(line));
    },
  };
  const root = pino({
    level,
    base: null,
    messageKey: "msg",
    timestamp: () => `,"time":"${now().toISOString()}"`,
    formatters: { level: (label) => ({ level: label }) },
  }, destination);
  return wrap(root, opts.component);
}

function wrap(root: PinoLogger, component: string | undefined): Logger {
  const p = component ? root.child({ component }) : root;
  const emit = (lvl: LogLevel) => (msg: string, fields?: LogFields) => {
    if (fields) p[lvl](sanitize(fields), msg);
    else p[lvl](msg);
  };
  return {
    debug: emit("debug"),
    info: emit("info"),
    warn: emit("warn"),
    error: emit("error"),
    child: (c) => wrap(root, component ? `${component}.${c}` : c),
  };
}

const SECRET_KEY = /token|secret|passw|authorization|cookie|api[-_]?key|private[-_]?key|credential/i;
const MAX_DEPTH = 4;

/** Errors as their message, secret-named fields redacted (at any depth), undefined dropped. */
export function sanitize(fields: LogFields, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined) continue;
    out[k] = SECRET_KEY.test(k) ? "[redacted]" : sanitizeValue(v, depth);
  }
  return out;
}

function sanitizeValue(v: unknown, depth: number): unknown {
  if (v instanceof Error) return v.message;
  if (typeof v === "bigint") return v.toString();
  if (depth >= MAX_DEPTH || v === null || typeof v !== "object") return v;
  if (Array.isArray(v)) return v.map((x) => sanitizeValue(x, depth + 1));
  return sanitize(v as LogFields, depth + 1); // cast: a non-null, non-array object read as fields
}

// A pino JSON line as the text line `formatLine` writes.
function textOf(json: string): string {
  try {
    const { level, time, component, msg, ...fields } = JSON.parse(json) as Record<string, unknown>; // cast: pino's own line
    const lvl = typeof level === "string" && isLogLevel(level) ? level : "info";
    return formatLine(new Date(String(time)), lvl, typeof component === "string" ? component : undefined, String(msg ?? ""), fields);
  } catch {
    return json;
  }
}

/** `2026-11-26T12:00:00.000Z info proxy: envoy started pid=123 file="a b"` */
export function formatLine(at: Date, level: LogLevel, component: string | undefined, msg: string, fields?: LogFields): string {
  const who = component ? ` ${component}:` : "";
  let line = `${at.toISOString()} ${level}${who} ${msg}`;
  if (fields) for (const [k, v] of Object.entries(fields)) if (v !== undefined) line += ` ${k}=${formatValue(v)}`;
  return line;
}

function formatValue(v: unknown): string {
  if (v instanceof Error) return JSON.stringify(v.message);
  // Quote strings that would make the line ambiguous to split on spaces or `=`.
  if (typeof v === "string") return /^[^\s="]+$/.test(v) ? v : JSON.stringify(v);
  if (typeof v === "bigint" || typeof v === "symbol" || typeof v === "function") return String(v);
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return JSON.stringify(String(v)); // cycles: logging must never throw
  }
}

/** A logger that drops everything: for library callers and tests that do not care. */
export const silentLogger: Logger = createLogger({ level: "error", sink: () => {} });
