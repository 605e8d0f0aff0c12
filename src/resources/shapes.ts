// Checks and normalises the polymorphic fields that a structural schema must leave untyped
// (see `polymorphic()` in schemas/builders.ts): string-or-list, string-or-true, header values.
// Returns a normalised copy; the input value is never mutated.
import { MAX_ENTRIES, MAX_STRING } from "./schemas/builders.js";
import { error, warning, type FieldPath, type Issue } from "./issue.js";
import { isPlainObject, type PlainObject } from "./values.js";

export type Shape =
  /** string -> [string]; list of strings as is. */
  | "stringList"
  /** Like stringList, but a string is split on commas (`"GET, POST"`). */
  | "commaList"
  /** An exact value or `true` (presence). */
  | "stringOrTrue"
  /** string -> {value}; {value, append?} as is. */
  | "headerToAdd";

export interface ShapeRule {
  /** Path inside the spec; `*` matches every key of a map or every item of a list. */
  readonly path: readonly string[];
  readonly shape: Shape;
}

interface ShapeResult {
  readonly value: PlainObject;
  readonly issues: Issue[];
}

export function applyShapes(spec: PlainObject, rules: readonly ShapeRule[], base: FieldPath): ShapeResult {
  const issues: Issue[] = [];
  let out: PlainObject | undefined; // copied on the first field that applies: most rules do not
  for (const rule of rules) {
    const head = rule.path[0];
    if (head === undefined || !(head in spec)) continue;
    out ??= { ...spec };
    out[head] = applyAt(out[head], rule.path, 1, rule.shape, [...base, head], issues);
  }
  return { value: out ?? spec, issues };
}

function applyAt(node: unknown, path: readonly string[], i: number, shape: Shape, at: FieldPath, issues: Issue[]): unknown {
  if (i === path.length) return normalise(node, shape, at, issues);
  const seg = path[i];
  if (seg === undefined) return node; // i < path.length
  if (seg === "*") {
    if (Array.isArray(node)) return node.map((x, k) => applyAt(x, path, i + 1, shape, [...at, k], issues));
    if (!isPlainObject(node)) return node;
    const out: PlainObject = {};
    for (const k of Object.keys(node)) out[k] = applyAt(node[k], path, i + 1, shape, [...at, k], issues);
    return out;
  }
  if (!isPlainObject(node) || !(seg in node)) return node;
  return { ...node, [seg]: applyAt(node[seg], path, i + 1, shape, [...at, seg], issues) };
}

function normalise(v: unknown, shape: Shape, at: FieldPath, issues: Issue[]): unknown {
  switch (shape) {
    case "stringList":
    case "commaList":
      return toList(v, shape === "commaList", at, issues);
    case "stringOrTrue":
      if (v === true) return v;
      if (typeof v === "string") return checkLength(v, at, issues);
      issues.push(error(at, "must be a string, or true to match on presence"));
      return v;
    case "headerToAdd":
      return toHeaderToAdd(v, at, issues);
  }
}

function toList(v: unknown, splitCommas: boolean, at: FieldPath, issues: Issue[]): unknown {
  if (typeof v === "string") {
    checkLength(v, at, issues);
    return splitCommas ? v.split(",").map((s) => s.trim()).filter((s) => s !== "") : [v];
  }
  if (Array.isArray(v) && v.every((x): x is string => typeof x === "string")) {
    if (v.length > MAX_ENTRIES) issues.push(error(at, `must have at most ${MAX_ENTRIES} items`));
    v.forEach((s, k) => checkLength(s, [...at, k], issues));
    return v;
  }
  issues.push(error(at, "must be a string or a list of strings"));
  return v;
}

function toHeaderToAdd(v: unknown, at: FieldPath, issues: Issue[]): unknown {
  if (typeof v === "string") return { value: checkLength(v, at, issues) };
  if (!isPlainObject(v) || typeof v.value !== "string") {
    issues.push(error(at, "must be a string or {value: string, append: boolean}"));
    return v;
  }
  if (v.append !== undefined && typeof v.append !== "boolean") {
    issues.push(error([...at, "append"], "must be a boolean"));
  }
  for (const k of Object.keys(v)) {
    if (k !== "value" && k !== "append") issues.push(warning([...at, k], "unknown field (ignored)"));
  }
  checkLength(v.value, [...at, "value"], issues);
  return v.append === undefined ? { value: v.value } : { value: v.value, append: v.append };
}

function checkLength(s: string, at: FieldPath, issues: Issue[]): string {
  if (s.length > MAX_STRING) issues.push(error(at, `must be at most ${MAX_STRING} characters`));
  return s;
}
