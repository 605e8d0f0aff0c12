// Finds the line of a field inside a document's YAML text, by a plain indentation-aware line
// scan. Only called for documents that have something to report, never on the happy path.
// Best effort: for flow style (`{a: 1}`) or odd layouts it returns the deepest line found.
import type { FieldPath } from "./issue.js";

interface Line {
  /** Column of the first non-space character. */
  readonly col: number;
  /** Column of the key, after any `- ` list markers. */
  readonly keyCol: number;
  readonly content: string;
  readonly isItem: boolean;
}

interface Region {
  readonly start: number;
  readonly end: number;
}

/**
 * 1-based line of `path` in `text`, where the first content line of `text` is `firstLine`;
 * undefined when not even the first segment is found.
 */
export function findFieldLine(text: string, path: FieldPath, firstLine: number): number | undefined {
  const lines = text.split(/\r?\n/).map(scan);
  const first = firstContent(lines);
  if (first < 0) return undefined;
  let region: Region = { start: first, end: lines.length };
  let found: number | undefined;
  for (const seg of path) {
    const i = typeof seg === "number" ? findItem(lines, region, seg) : findKey(lines, region, seg);
    if (i === undefined) break;
    found = i;
    region = blockOf(lines, i, region.end, typeof seg === "number");
  }
  return found === undefined ? undefined : firstLine + (found - first);
}

/** The raw text of 1-based `line`, counted as findFieldLine counts (first content line = firstLine). */
export function lineAt(text: string, line: number, firstLine: number): string | undefined {
  const raw = text.split(/\r?\n/);
  const first = firstContent(raw.map(scan));
  return first < 0 ? undefined : raw[first + line - firstLine];
}

function firstContent(lines: readonly (Line | undefined)[]): number {
  return lines.findIndex((l) => l !== undefined && !isMarker(l.content));
}

function scan(raw: string): Line | undefined {
  const col = raw.search(/\S/);
  if (col < 0 || raw[col] === "#") return undefined;
  let keyCol = col;
  while (raw[keyCol] === "-" && (raw[keyCol + 1] === " " || keyCol + 1 === raw.length)) {
    keyCol += 1;
    while (raw[keyCol] === " ") keyCol += 1;
  }
  return { col, keyCol, content: raw.slice(keyCol), isItem: keyCol > col };
}

/** A bare document marker or a directive: not the document's first content line. */
function isMarker(content: string): boolean {
  return /^---\s*$/.test(content) || content.startsWith("%");
}

function findKey(lines: readonly (Line | undefined)[], r: Region, key: string): number | undefined {
  const childCol = firstLine(lines, r)?.keyCol;
  const re = new RegExp(`^(["']?)${escape(key)}\\1\\s*:(\\s|$)`);
  for (let i = r.start; i < r.end; i++) {
    const l = lines[i];
    if (l && l.keyCol === childCol && re.test(l.content)) return i;
  }
  return undefined;
}

function findItem(lines: readonly (Line | undefined)[], r: Region, index: number): number | undefined {
  let itemCol: number | undefined;
  let n = 0;
  for (let i = r.start; i < r.end; i++) {
    const l = lines[i];
    if (!l?.isItem) continue;
    itemCol ??= l.col;
    if (l.col !== itemCol) continue;
    if (n === index) return i;
    n += 1;
  }
  return undefined;
}

/** Lines belonging to the value of the key (or list item) on line `at`. */
function blockOf(lines: readonly (Line | undefined)[], at: number, limit: number, item: boolean): Region {
  const own = lines[at];
  if (!own) return { start: at + 1, end: at + 1 }; // callers pass a line with content
  // A list item's own keys start on its line; a key's value starts on the next line.
  const start = item ? at : at + 1;
  const ownCol = item ? own.col : own.keyCol;
  let end = at + 1;
  for (; end < limit; end++) {
    const l = lines[end];
    if (!l) continue;
    const sequenceUnderKey = !item && l.col === ownCol && l.isItem;
    if (l.col < ownCol || (l.col === ownCol && !sequenceUnderKey)) break;
  }
  return { start, end };
}

function firstLine(lines: readonly (Line | undefined)[], r: Region): Line | undefined {
  for (let i = r.start; i < r.end; i++) if (lines[i]) return lines[i];
  return undefined;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
