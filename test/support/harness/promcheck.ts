// Prometheus text exposition checked by the Prometheus project's own code: tools/promcheck
// (expfmt's parser, `promtool check metrics`' lint rules), built from the Go module proxy and
// cached like the Kubernetes binaries.
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { REPO_ROOT } from "./repo.js";

export interface PromSample {
  readonly labels: Readonly<Record<string, string>>;
  readonly value?: number;
  readonly count?: number;
  readonly sum?: number;
  readonly buckets?: Readonly<Record<string, number>>;
}

export interface PromFamily {
  readonly name: string;
  /** COUNTER, GAUGE, HISTOGRAM, SUMMARY, UNTYPED. */
  readonly type: string;
  readonly help: string;
  readonly samples: readonly PromSample[];
}

export interface PromCheck {
  readonly families: ReadonlyMap<string, PromFamily>;
  /** promlint's findings (naming, units, help text). */
  readonly problems: readonly { readonly metric: string; readonly text: string }[];
}

let bin: string | undefined;

function promcheckBin(): string {
  bin ??= execFileSync("bash", [join(REPO_ROOT, "tools", "promcheck", "build.sh")], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }).trim();
  return bin;
}

/** Parses `text`; throws with the parser's message when it is not valid exposition. */
export function promcheck(text: string): PromCheck {
  const out = execFileSync(promcheckBin(), { input: text, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  const parsed = JSON.parse(out) as { families: PromFamily[]; problems: PromCheck["problems"] };
  return { families: new Map(parsed.families.map((f) => [f.name, f])), problems: parsed.problems };
}
