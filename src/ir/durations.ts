// Ambassador's duration strings (`1.5s`, `250ms`, `1m`; the schema checks the form) in ms.
const UNIT_MS: Readonly<Record<string, number>> = { ns: 1e-6, us: 1e-3, "µs": 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Whole milliseconds, at least 1 for a non-zero duration (Envoy's durations here are ms-grained). */
export function durationMs(text: string): number {
  const m = /^([0-9]+(?:\.[0-9]+)?)(ns|us|µs|ms|s|m|h)$/.exec(text);
  if (!m) throw new Error(`not a duration: ${text}`);
  const ms = Number(m[1]) * (UNIT_MS[m[2] ?? ""] ?? 1);
  return ms > 0 ? Math.max(1, Math.round(ms)) : 0;
}
