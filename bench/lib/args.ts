// Command-line flags shared by the benchmarks: `--json`, `--child N` (internal: one size in a
// fresh process), `--sizes a,b`, and `--NAME value` numbers with defaults.

export interface BenchArgs {
  readonly json: boolean;
  /** Set in a child process started by `runChild`. */
  readonly child: number | undefined;
  /** The value of `--NAME`, or `fallback`. */
  num(name: string, fallback: number): number;
  /** The value of `--NAME` as text. */
  str(name: string): string | undefined;
  /** `--sizes 100,1000`, or `fallback`. */
  sizes(fallback: readonly number[]): number[];
}

export function parseBenchArgs(argv: readonly string[] = process.argv.slice(2)): BenchArgs {
  const value = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const num = (name: string, fallback: number): number => {
    const raw = value(name);
    if (raw === undefined) return fallback;
    const x = Number(raw);
    if (!Number.isFinite(x)) throw new Error(`--${name} needs a number, not ${raw}`);
    return x;
  };
  const child = value("child");
  return {
    json: argv.includes("--json"),
    child: child === undefined ? undefined : num("child", 0),
    num,
    str: value,
    sizes: (fallback) => value("sizes")?.split(",").map(Number).filter((x) => x > 0) ?? [...fallback],
  };
}
