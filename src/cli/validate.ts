// `attache validate PATH... [--format text|github]`: errors (and warnings) only; exit 1 if any
// resource was rejected. `text` (default) writes one line per diagnostic to stderr; `github`
// writes GitHub Actions annotations to stdout, where the runner reads workflow commands.
import { parseArgs } from "node:util";
import { formatDiagnostic } from "../core/diagnostics.js";
import { hasErrors, translateDocuments } from "../pipeline/translate.js";
import { readManifests } from "../sources/directory/read-manifests.js";
import { githubAnnotation } from "./github-annotations.js";
import { manifestProgress } from "./progress.js";

export async function validateCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { format: { type: "string", default: "text" } },
  });
  if (values.format !== "text" && values.format !== "github") throw new Error(`--format must be text or github, not ${values.format}`);
  if (positionals.length === 0) throw new Error("validate needs at least one PATH (file or directory)");
  const shown = manifestProgress("validate");
  const snapshot = await readManifests(positionals, undefined, shown.onFile);
  const { diagnostics } = translateDocuments(snapshot.documents, { onStage: shown.onStage });
  shown.progress.done();
  const all = [...snapshot.diagnostics, ...diagnostics];
  if (values.format === "github") for (const d of all) process.stdout.write(`${githubAnnotation(d)}\n`);
  else for (const d of all) process.stderr.write(`${formatDiagnostic(d)}\n`);
  return hasErrors(all) ? 1 : 0;
}
