// Reads and parses one manifest file, reusing the previous result when its content is unchanged.
import { createHash } from "node:crypto";
import { promises as fs } from "node:fs";
import type { Diagnostic } from "../../core/diagnostics.js";
import type { SourceDocument } from "../../core/source-document.js";
import { errnoCode, errorText } from "../../util/errors.js";
import type { ScannedFile } from "./directory-scan.js";
import type { SourceLimits } from "./limits.js";
import { parseManifestText, sourceError } from "./manifest-parser.js";

export interface FileResult {
  /** Location name of the file in documents and diagnostics. */
  readonly file: string;
  /** Identifies the content (or the failure) so equal snapshots can be recognised. */
  readonly contentKey: string;
  readonly documents: readonly SourceDocument[];
  readonly diagnostics: readonly Diagnostic[];
}

interface CacheEntry {
  readonly stat: string;
  /** False when the file was read so soon after its mtime that a later write could share it. */
  readonly trusted: boolean;
  readonly result: FileResult;
}

// File timestamps are only as fine as the kernel's clock tick (and other machines' clocks, on a
// network filesystem): a same-size write right after our read can leave the stat unchanged.
// Such "racy" files are read again (and compared by hash) until a read happens well after the mtime.
const RACY_MARGIN_MS = 1_000;

/** Parsed files by location name; only changed files are parsed again. */
export class ManifestFileCache {
  private readonly entries = new Map<string, CacheEntry>();

  constructor(
    private readonly limits: SourceLimits,
    private readonly racyMarginMs = RACY_MARGIN_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Undefined when the file vanished since it was scanned. */
  async load(scanned: ScannedFile, file = scanned.rel): Promise<FileResult | undefined> {
    const stat = `${scanned.ino}:${scanned.size}:${scanned.mtimeMs}:${scanned.ctimeMs}`;
    const cached = this.entries.get(file);
    if (cached && cached.stat === stat && cached.trusted) return cached.result;
    const readAt = this.now();
    const result = await readManifestFile(file, scanned.abs, scanned.size, this.limits, cached?.result);
    const trusted = Math.max(scanned.mtimeMs, scanned.ctimeMs) < readAt - this.racyMarginMs;
    if (result) this.entries.set(file, { stat, trusted, result });
    else this.entries.delete(file);
    return result;
  }

  forget(file: string): void {
    this.entries.delete(file);
  }

  /** Forgets files that are no longer present, so the cache does not grow without bound. */
  retainOnly(files: ReadonlySet<string>): void {
    for (const file of this.entries.keys()) if (!files.has(file)) this.entries.delete(file);
  }
}

export async function readManifestFile(
  file: string,
  abs: string,
  size: number,
  limits: SourceLimits,
  previous?: FileResult,
): Promise<FileResult | undefined> {
  if (size > limits.maxFileBytes) return oversize(file, size, limits);
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(abs);
  } catch (err) {
    if (errnoCode(err) === "ENOENT") return undefined;
    // A file that was served and became unreadable (permissions, a half-done swap) keeps its
    // last content: dropping it would take its routes down for a transient problem.
    if (previous && previous.documents.length > 0) return keptAfterReadError(previous, errorText(err));
    return failed(file, `cannot read file: ${errorText(err)}`);
  }
  if (bytes.length > limits.maxFileBytes) return oversize(file, bytes.length, limits);
  const contentKey = createHash("sha256").update(bytes).digest("hex");
  if (previous?.contentKey === contentKey) return previous;
  return parseBytes(file, bytes, contentKey, limits);
}

const UTF8 = new TextDecoder("utf-8", { fatal: true });

function parseBytes(file: string, bytes: Buffer, contentKey: string, limits: SourceLimits): FileResult {
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    return { ...failed(file, "file is not valid UTF-8"), contentKey };
  }
  const parsed = parseManifestText(file, text, limits);
  return Object.freeze({ file, contentKey, documents: Object.freeze(parsed.documents), diagnostics: Object.freeze(parsed.diagnostics) });
}

function keptAfterReadError(previous: FileResult, reason: string): FileResult {
  const base = previous.contentKey.split("\u0000unreadable")[0] ?? previous.contentKey;
  const diagnostic = sourceError(previous.file, 1, `cannot read file: ${reason}; serving its last content`);
  return { ...previous, contentKey: `${base}\u0000unreadable:${reason}`, diagnostics: [...previous.diagnostics.filter((d) => !d.message.endsWith("serving its last content")), diagnostic] };
}

function oversize(file: string, size: number, limits: SourceLimits): FileResult {
  return failed(file, `file is ${size} bytes, larger than the limit of ${limits.maxFileBytes} bytes; not read`);
}

function failed(file: string, message: string): FileResult {
  return { file, contentKey: `failed:${message}`, documents: [], diagnostics: [sourceError(file, 1, message)] };
}
