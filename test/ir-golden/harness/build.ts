// Runs the first three stages on a case's documents (resources, then the IR) the way the
// pipeline's Translator does, and renders the two golden texts: the IR and every diagnostic.
import { compareDiagnostics, formatDiagnostic, type Diagnostic } from "../../../src/core/diagnostics.js";
import type { SourceDocument } from "../../../src/core/source-document.js";
import { buildIR } from "../../../src/ir/build.js";
import { IRMemo } from "../../../src/ir/memo.js";
import type { IR } from "../../../src/ir/types.js";
import { buildResourceSet, ResourceMemo } from "../../../src/resources/index.js";
import type { TranslateOptions } from "../../../src/pipeline/translate.js";
import { printIR } from "./print-ir.js";

export interface RenderedIR {
  readonly ir: IR;
  /** printIR output: the text expected.json holds. */
  readonly json: string;
  /** One formatDiagnostic line per diagnostic of every stage, in compareDiagnostics order. */
  readonly diagnostics: string;
}

/** Memos carried between builds, as a long-lived Translator carries them. */
export interface Memos {
  readonly resources: ResourceMemo;
  readonly ir: IRMemo;
}

export const freshMemos = (): Memos => ({ resources: new ResourceMemo(), ir: new IRMemo() });

// The same defaults as the pipeline's Translator.
export function buildCaseIR(
  docs: readonly SourceDocument[], sourceDiagnostics: readonly Diagnostic[], opts: TranslateOptions, memos: Memos = freshMemos(),
): RenderedIR {
  const rs = buildResourceSet(docs, {
    ambassadorId: opts.ambassadorId ?? "default",
    defaultNamespace: opts.defaultNamespace ?? "default",
  }, memos.resources);
  const ir = buildIR(rs, {
    defaultListenerPort: opts.defaultListenerPort ?? 8080,
    listenerAddress: opts.listenerAddress ?? "0.0.0.0",
  }, memos.ir);
  const all = [...sourceDiagnostics, ...rs.diagnostics, ...ir.diagnostics].sort(compareDiagnostics);
  return { ir, json: printIR(ir), diagnostics: all.map((d) => formatDiagnostic(d) + "\n").join("") };
}
