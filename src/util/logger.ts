// A small structured logger: one line of text per event on stderr, filtered by level.
// stdout stays free for command output (e.g. `attache translate` printing config).

export type LogLevel = "debug" | "info" | "warn" | "error";

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

export function createLogger(opts: LoggerOptions = {}): Logger {
  const level = opts.level ?? levelFromEnv();
  const sink = opts.sink ?? ((line: string) => process.stderr.write(line + "\n"));
  const now = opts.now ?? (() => new Date());
  return makeLogger(RANK[level], opts.component, sink, now);
}

function makeLogger(min: number, component: string | undefined, sink: (l: string) => void, now: () => Date): Logger {
  const emit = (lvl: LogLevel) => (msg: string, fields?: LogFields) => {
    if (RANK[lvl] < min) return;
    sink(formatLine(now(), lvl, component, msg, fields));
  };
  return {
    debug: emit("debug"),
    info: emit("info"),
    warn: emit("warn"),
    error: emit("error"),
    child: (c) => makeLogger(min, component ? `${component}.${c}` : c, sink, now),
  };
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
