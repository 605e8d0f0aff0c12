// Splits a YAML stream into its documents on `---` / `...` marker lines, without parsing it.
// Knowing each document's start line this way is cheap, and lets one broken document fail
// alone: js-yaml (fast, but with no positions) then parses each document on its own.

export interface DocumentSegment {
  /** 1-based line of the document's first content line (may be the `---` line itself). */
  readonly line: number;
  /** The document's text from that line up to the next marker, with LF line endings. */
  readonly text: string;
}

/** CRLF and lone CR are line breaks in YAML; one form keeps line counting in step with js-yaml. */
export function normalizeLineBreaks(text: string): string {
  const noBom = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return noBom.includes("\r") ? noBom.replace(/\r\n?/g, "\n") : noBom;
}

// A marker is only a marker at column 0 followed by a blank or the end of the line; the YAML
// spec forbids such a line inside any scalar, so splitting here never cuts a value in two.
const DOCUMENT_START = /^---(?:[ \t]|$)/;
const DOCUMENT_END = /^\.\.\.(?:[ \t]|$)/;
const BLANK_OR_COMMENT = /^[ \t]*(?:#.*)?$/;
const DIRECTIVE = /^[ \t]*%/;

/** Non-empty documents of a (normalized) YAML stream, in order. */
export function splitDocuments(text: string): DocumentSegment[] {
  const lines = text.split("\n");
  const segments: DocumentSegment[] = [];
  let contentStart = -1;
  const close = (end: number): void => {
    if (contentStart >= 0) segments.push(segmentOf(lines, contentStart, end));
    contentStart = -1;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (DOCUMENT_START.test(line)) {
      close(i);
      if (!BLANK_OR_COMMENT.test(line.slice(3))) contentStart = i;
    } else if (DOCUMENT_END.test(line)) {
      close(i);
      if (!BLANK_OR_COMMENT.test(line.slice(3))) {
        // `... b: 2` is not valid YAML; js-yaml reads it as the end of one document and the
        // start of the next (at indentation 0), and so does this.
        lines[i] = line.slice(3).trimStart();
        contentStart = i;
      }
    } else if (contentStart < 0 && isContent(line)) {
      contentStart = i;
    }
  }
  close(lines.length);
  return segments;
}

/** The whole text as one document (JSON files), starting at its first content line. */
export function wholeDocument(text: string): DocumentSegment[] {
  const lines = text.split("\n");
  const start = lines.findIndex(isContent);
  return start < 0 ? [] : [segmentOf(lines, start, lines.length)];
}

function isContent(line: string): boolean {
  // `%` lines before any content are directives (`%YAML 1.2`), not content (js-yaml, like here,
  // tolerates indentation before them).
  return !BLANK_OR_COMMENT.test(line) && !DIRECTIVE.test(line);
}

function segmentOf(lines: readonly string[], start: number, end: number): DocumentSegment {
  // The exact original slice: trimming trailing lines could cut into a `|+` block scalar.
  const text = lines.slice(start, end).join("\n") + (end < lines.length ? "\n" : "");
  return { line: start + 1, text };
}
