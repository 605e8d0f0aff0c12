// The one output format every benchmark shares: rows of {n, metric, value, unit}, printed as a
// table for people or, with `--json`, one {"bench","n","metric","value","unit"} object per line.

export interface Row {
  readonly n: number;
  readonly metric: string;
  readonly value: number;
  readonly unit: string;
}

export interface BenchRow extends Row {
  readonly bench: string;
}

export const round1 = (x: number): number => Math.round(x * 10) / 10;

export const mib = (bytes: number): number => round1(bytes / 2 ** 20);

/** The q-quantile (0..1) by nearest rank; NaN when empty (so a missing figure never reads as 0). */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** p50 / p99 / max rows of a latency sample, plus how many samples there were. */
export function latencyRows(n: number, prefix: string, values: readonly number[], unit = "ms"): Row[] {
  return [
    { n, metric: `${prefix}_p50`, value: round1(quantile(values, 0.5)), unit },
    { n, metric: `${prefix}_p99`, value: round1(quantile(values, 0.99)), unit },
    { n, metric: `${prefix}_max`, value: round1(quantile(values, 1)), unit },
    { n, metric: `${prefix}_samples`, value: values.length, unit: "count" },
  ];
}

/** Writes rows as JSON lines or as a table with one line per `n` and one column per metric. */
export function printRows(bench: string, rows: readonly Row[], json: boolean, title = bench): void {
  if (json) {
    for (const r of rows) process.stdout.write(JSON.stringify({ bench, n: r.n, metric: r.metric, value: r.value, unit: r.unit }) + "\n");
    return;
  }
  process.stdout.write(formatTable(title, rows) + "\n");
}

/** Long metric lists read better as one line per metric: n across, metrics down. */
export function formatTable(title: string, rows: readonly Row[]): string {
  const sizes = [...new Set(rows.map((r) => r.n))];
  const metrics = [...new Set(rows.map((r) => r.metric))];
  const cell = (n: number, m: string) => {
    const r = rows.find((x) => x.n === n && x.metric === m);
    return r ? `${r.value} ${r.unit}` : "-";
  };
  const header = ["metric", ...sizes.map((n) => `n=${n}`)];
  const body = metrics.map((m) => [m, ...sizes.map((n) => cell(n, m))]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  return [title, line(header), ...body.map(line)].join("\n");
}
