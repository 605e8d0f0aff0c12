// Positions inside a `getambassador.io/config` annotation, so its resources' diagnostics can
// name a line of the Service's file. Only literal block scalars (`|`) keep a 1:1 line mapping.
import type { Named } from "./candidate.js";
import { findFieldLine, lineAt } from "./field-location.js";

export interface AnnotationSegment {
  /** 0-based line of the segment's first content line within the annotation text. */
  readonly offset: number;
  readonly text: string;
}

const MARKER = /^---(?:[ \t]|$)/;
const CONTENT = /^[ \t]*[^\s#]/;

/** The annotation's documents, split on `---` lines, each starting at its first content line. */
export function splitAnnotation(text: string): AnnotationSegment[] {
  const lines = text.split("\n");
  const out: AnnotationSegment[] = [];
  let start = -1;
  const close = (end: number): void => {
    if (start >= 0) out.push({ offset: start, text: lines.slice(start, end).join("\n") });
    start = -1;
  };
  lines.forEach((line, i) => {
    if (MARKER.test(line)) close(i);
    else if (start < 0 && CONTENT.test(line)) start = i;
  });
  close(lines.length);
  return out;
}

/** Line in the Service's file of the annotation text's first line, when it is a `|` block. */
export function annotationTextLine(svc: Named, key: string): number | undefined {
  const text = svc.origin.text;
  if (text === undefined) return undefined;
  const keyLine = findFieldLine(text, ["metadata", "annotations", key], svc.origin.location.line);
  if (keyLine === undefined) return undefined;
  const line = lineAt(text, keyLine, svc.origin.location.line) ?? "";
  const isLiteralBlock = line.includes(key) && /:\s*\|[-+0-9]*\s*(#.*)?$/.test(line);
  return isLiteralBlock ? keyLine + 1 : undefined;
}
