// What every source (a directory, the Kubernetes API) hands to the pipeline: an immutable
// snapshot of raw documents, each remembering where it came from.
import type { Diagnostic, SourceLocation } from "./diagnostics.js";

export interface SourceDocument {
  /** Parsed YAML/JSON value of one document (not yet validated). */
  readonly value: unknown;
  /** Where the document starts; `line` is the 1-based line of its first content line. */
  readonly location: SourceLocation;
  /** The document's own text, kept so a precise field position can be recovered on error. */
  readonly text: string;
}

export interface SourceSnapshot {
  /** Increases with every snapshot a source emits. */
  readonly generation: number;
  /** In a stable order: by file path, then position in the file. */
  readonly documents: readonly SourceDocument[];
  /** Problems with files as a whole (unreadable, broken YAML, too large). */
  readonly diagnostics: readonly Diagnostic[];
}
