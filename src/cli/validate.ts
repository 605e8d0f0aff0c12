// `attache validate PATH...`: errors (and warnings) only; exit 1 if any resource was rejected.
import { formatDiagnostic } from "../core/diagnostics.js";
import { hasErrors, translateDocuments } from "../pipeline/translate.js";
import { readManifests } from "../sources/directory/read-manifests.js";
import { manifestProgress } from "./progress.js";

export async function validateCommand(args: string[]): Promise<number> {
  if (args.length === 0) throw new Error("validate needs at least one PATH (file or directory)");
  const shown = manifestProgress("validate");
  const snapshot = await readManifests(args, undefined, shown.onFile);
  const { diagnostics } = translateDocuments(snapshot.documents, { onStage: shown.onStage });
  shown.progress.done();
  const all = [...snapshot.diagnostics, ...diagnostics];
  for (const d of all) process.stderr.write(`${formatDiagnostic(d)}\n`);
  return hasErrors(all) ? 1 : 0;
}
