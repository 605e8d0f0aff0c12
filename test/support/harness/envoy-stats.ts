// Reading Envoy's admin /stats text output (`name: value` per line).

export function parseStats(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split("\n")) {
    const m = /^([^:\s]+): (\d+)$/.exec(line.trim());
    if (m) out.set(m[1]!, Number(m[2]));
  }
  return out;
}

/** Sum of the counters whose name matches `re`, with the matching names (for messages). */
export function sumStats(stats: Map<string, number>, re: RegExp): { total: number; names: string[] } {
  let total = 0;
  const names: string[] = [];
  for (const [name, value] of stats) {
    if (re.test(name)) {
      total += value;
      names.push(`${name}=${value}`);
    }
  }
  return { total, names };
}
