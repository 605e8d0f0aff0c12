// Turns the text of one manifest file into located documents plus diagnostics; never throws.
// Shared by the directory source, the Kubernetes source and the one-shot CLI reads.
import type { Diagnostic } from "../../core/diagnostics.js";
import type { SourceDocument } from "../../core/source-document.js";
import { boundedCopy } from "./bounded-copy.js";
import { normalizeLineBreaks, splitDocuments, wholeDocument, type DocumentSegment } from "./document-splitter.js";
import { resolveLimits, valueBudget, type SourceLimits } from "./limits.js";
import { isList, listItemSpans } from "./list-items.js";
import { loadDocument, loadJsonDocument } from "./yaml-load.js";

export interface ParsedManifest {
  readonly documents: SourceDocument[];
  readonly diagnostics: Diagnostic[];
}

/** `file` names the document's origin (and, ending in `.json`, makes the text one document). */
export function parseManifestText(file: string, text: string, limits?: Partial<SourceLimits>): ParsedManifest {
  const bounds = resolveLimits(limits);
  const normalized = normalizeLineBreaks(text);
  const json = /\.json$/i.test(file);
  const segments = json ? wholeDocument(normalized) : splitDocuments(normalized);
  const documents: SourceDocument[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const segment of segments) {
    const parsed = parseSegment(file, segment, bounds, json ? loadJsonDocument : loadDocument);
    if ("message" in parsed) diagnostics.push(sourceError(file, parsed.line, parsed.message));
    else documents.push(...expandList(file, parsed, diagnostics));
    if (documents.length > bounds.maxDocumentsPerFile) {
      const dropped = documents.splice(bounds.maxDocumentsPerFile);
      const at = dropped[0]?.location.line ?? segment.line;
      diagnostics.push(sourceError(file, at, `more than ${bounds.maxDocumentsPerFile} documents in one file; the rest are ignored`));
      break;
    }
  }
  return { documents, diagnostics };
}

export function sourceError(file: string, line: number, message: string): Diagnostic {
  return { severity: "error", stage: "source", location: { file, line }, message };
}

type SegmentResult = SourceDocument | { readonly line: number; readonly message: string };

function parseSegment(file: string, segment: DocumentSegment, limits: SourceLimits, load: typeof loadDocument): SegmentResult {
  const loaded = load(segment.text);
  if (!loaded.ok) return { line: segment.line + loaded.line, message: loaded.message };
  const copied = boundedCopy(loaded.value, valueBudget(limits, segment.text.length), limits.maxDepth);
  if (!copied.ok) return { line: segment.line, message: copied.message };
  return document(copied.value, file, segment.line, segment.text);
}

function expandList(file: string, doc: SourceDocument, diagnostics: Diagnostic[]): SourceDocument[] {
  if (!isList(doc.value)) return [doc];
  const items = doc.value.items;
  if (!Array.isArray(items)) {
    diagnostics.push({ ...sourceError(file, doc.location.line, "a List needs an `items` sequence"), field: "items" });
    return [];
  }
  const spans = listItemSpans(doc.text, items.length);
  return items.map((item: unknown, i) => {
    const span = spans?.[i];
    return span ? document(item, file, doc.location.line + span.line, span.text) : document(item, file, doc.location.line, doc.text);
  });
}

function document(value: unknown, file: string, line: number, text: string): SourceDocument {
  return Object.freeze({ value, location: Object.freeze({ file, line }), text });
}
