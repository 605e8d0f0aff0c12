// Assembles per-file results into one immutable snapshot, in a stable order, within the total
// document bound; also fingerprints the content so an unchanged rescan emits nothing.
import { createHash } from "node:crypto";
import { compareDiagnostics, type Diagnostic } from "../../core/diagnostics.js";
import type { SourceDocument, SourceSnapshot } from "../../core/source-document.js";
import type { FileResult } from "./manifest-file.js";
import { compareBytes } from "../../util/compare.js";
import type { SourceLimits } from "./limits.js";
import { sourceError } from "./manifest-parser.js";

export interface AssembledContent {
  readonly documents: readonly SourceDocument[];
  readonly diagnostics: readonly Diagnostic[];
  readonly fingerprint: string;
}

export function assembleContent(files: readonly FileResult[], extra: readonly Diagnostic[], limits: SourceLimits): AssembledContent {
  const ordered = [...files].sort((a, b) => compareBytes(a.file, b.file));
  const documents: SourceDocument[] = [];
  const diagnostics: Diagnostic[] = [...extra];
  for (const result of ordered) {
    diagnostics.push(...result.diagnostics);
    const room = limits.maxTotalDocuments - documents.length;
    if (result.documents.length > room) {
      documents.push(...result.documents.slice(0, room));
      const first = result.documents[room];
      diagnostics.push(sourceError(result.file, first?.location.line ?? 1, `more than ${limits.maxTotalDocuments} documents in all; this and later documents are ignored`));
      break;
    }
    documents.push(...result.documents);
  }
  diagnostics.sort(compareDiagnostics);
  return { documents: Object.freeze(documents), diagnostics: Object.freeze(diagnostics), fingerprint: fingerprint(ordered, extra) };
}

export function toSnapshot(content: AssembledContent, generation: number): SourceSnapshot {
  return Object.freeze({ generation, documents: content.documents, diagnostics: content.diagnostics });
}

function fingerprint(files: readonly FileResult[], extra: readonly Diagnostic[]): string {
  const hash = createHash("sha256");
  for (const f of files) hash.update(`${f.file}\0${f.contentKey}\n`);
  hash.update(JSON.stringify([...extra].sort(compareDiagnostics)));
  return hash.digest("hex");
}
