// Bounds on what a source will read, so a hostile or mistaken input cannot exhaust memory or CPU.

export interface SourceLimits {
  /** Files larger than this are not read (bytes). */
  readonly maxFileBytes: number;
  /** Documents after this many in one file are dropped. */
  readonly maxDocumentsPerFile: number;
  /** Documents after this many in one snapshot are dropped. */
  readonly maxTotalDocuments: number;
  /** Nesting deeper than this rejects the document. */
  readonly maxDepth: number;
  /**
   * A document may hold at most `expansionBase + expansionFactor * text.length` values.
   * Plain YAML needs at least one character per value, so only aliases (YAML "billion laughs")
   * or merge keys can exceed it.
   */
  readonly expansionBase: number;
  readonly expansionFactor: number;
}

export const DEFAULT_LIMITS: SourceLimits = Object.freeze({
  maxFileBytes: 8 * 1024 * 1024,
  maxDocumentsPerFile: 10_000,
  maxTotalDocuments: 100_000,
  maxDepth: 64,
  expansionBase: 1_000,
  expansionFactor: 4,
});

export function resolveLimits(partial?: Partial<SourceLimits>): SourceLimits {
  return { ...DEFAULT_LIMITS, ...partial };
}

/** How many values (scalars, sequences, mappings) a document of this text may expand to. */
export function valueBudget(limits: SourceLimits, textLength: number): number {
  return limits.expansionBase + limits.expansionFactor * textLength;
}
