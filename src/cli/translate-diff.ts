// `attache translate --diff OLD NEW [-o text|json]`: what Envoy would see change between two
// manifest sets (files or directories): listeners, routes and clusters added, removed and
// changed. Diagnostics of either side go to stderr; exit 1 when either side rejects a resource.
import { parseArgs } from "node:util";
import { formatDiagnostic } from "../core/diagnostics.js";
import { diffConfigs, isEmptyDiff, type ConfigDiff, type KindDiff } from "../envoy/config-diff.js";
import { hasErrors, translateDocuments } from "../pipeline/translate.js";
import { readManifests } from "../sources/directory/read-manifests.js";

export async function translateDiffCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      diff: { type: "boolean" },
      output: { type: "string", short: "o", default: "text" },
      "ambassador-id": { type: "string", default: "default" },
      "listener-port": { type: "string", default: "8080" },
    },
  });
  if (positionals.length !== 2) throw new Error("translate --diff needs two PATHs: OLD NEW (files or directories)");
  if (values.output !== "text" && values.output !== "json") throw new Error(`-o must be text or json with --diff, not ${values.output}`);
  const opts = { ambassadorId: values["ambassador-id"], defaultListenerPort: Number(values["listener-port"]) };
  const sides = await Promise.all(positionals.map(async (p) => {
    const snapshot = await readManifests([p]);
    const result = translateDocuments(snapshot.documents, opts);
    return { config: result.config, diagnostics: [...snapshot.diagnostics, ...result.diagnostics] };
  }));
  const [before, after] = sides as [typeof sides[number], typeof sides[number]]; // cast: two positionals, checked above
  for (const [label, side] of [["old", before], ["new", after]] as const) {
    for (const d of side.diagnostics) process.stderr.write(`${label}: ${formatDiagnostic(d)}\n`);
  }
  const diff = diffConfigs(before.config, after.config);
  process.stdout.write(values.output === "json" ? diffJson(diff) : diffText(diff));
  return hasErrors(before.diagnostics) || hasErrors(after.diagnostics) ? 1 : 0;
}

export function diffJson(d: ConfigDiff): string {
  const kind = (k: KindDiff, summaries?: Readonly<Record<string, string>>) => ({
    added: k.added.map((name) => (summaries ? { name, route: summaries[name] } : { name })),
    removed: k.removed.map((name) => (summaries ? { name, route: summaries[name] } : { name })),
    changed: k.changed.map((c) => (summaries ? { ...c, route: summaries[c.name] } : c)),
  });
  return JSON.stringify({ listeners: kind(d.listeners), routes: kind(d.routes, d.routeSummaries), clusters: kind(d.clusters) }, null, 2) + "\n";
}

/** One header line per kind (`routes: +1 -0 ~2`), then one line per resource. */
export function diffText(d: ConfigDiff): string {
  if (isEmptyDiff(d)) return "no changes\n";
  const lines: string[] = [];
  const kind = (label: string, k: KindDiff, summaries?: Readonly<Record<string, string>>) => {
    lines.push(`${label}: +${k.added.length} -${k.removed.length} ~${k.changed.length}`);
    const about = (name: string) => (summaries?.[name] ? `  (${summaries[name]})` : "");
    for (const n of k.added) lines.push(`  + ${n}${about(n)}`);
    for (const n of k.removed) lines.push(`  - ${n}${about(n)}`);
    for (const c of k.changed) lines.push(`  ~ ${c.name}${about(c.name)}: ${c.fields.join(", ")}`);
  };
  kind("listeners", d.listeners);
  kind("routes", d.routes, d.routeSummaries);
  kind("clusters", d.clusters);
  return lines.join("\n") + "\n";
}
