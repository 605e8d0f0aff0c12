// Parses one YAML (or JSON) document with js-yaml: YAML 1.2 core schema (so `yes`/`no`/`on` stay
// strings), plus `<<` merge keys that hand-written manifests use; duplicate keys are errors.
import yaml, { types, type Type } from "js-yaml";
import { errorText } from "../../util/errors.js";

// js-yaml 4 exports `types` (its built-in tags); @types/js-yaml 4.0.9 does not declare it.
declare module "js-yaml" {
  export const types: { readonly merge: Type };
}

const { merge } = types;
const SCHEMA = yaml.CORE_SCHEMA.extend({ implicit: [merge] });

export type LoadResult =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly message: string; /** 0-based line within the text. */ readonly line: number };

// js-yaml takes any `---` at the very start of its input as a document marker, even `---x: 1`
// (which it would read as `{x: 1}`); an explicit marker line in front keeps such content intact.
const DASHES_NOT_MARKER = /^---[^ \t\n]/;

export function loadDocument(text: string): LoadResult {
  const shift = DASHES_NOT_MARKER.test(text) ? 1 : 0;
  try {
    return { ok: true, value: yaml.load(shift ? `---\n${text}` : text, { schema: SCHEMA }) };
  } catch (err) {
    const failure = describeFailure(err);
    return { ...failure, line: Math.max(0, failure.line - shift) };
  }
}

/**
 * A JSON file: JSON.parse is strict where YAML flow syntax is lenient (`{"a": }` would be
 * `{a: null}`), and js-yaml then catches the duplicate keys JSON.parse silently collapses.
 */
export function loadJsonDocument(text: string): LoadResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { ok: false, line: jsonErrorLine(text, err), message: `invalid JSON: ${jsonReason(err)}` };
  }
  const asYaml = loadDocument(text);
  return asYaml.ok ? { ok: true, value } : { ...asYaml, message: asYaml.message.replace(/^invalid YAML/, "invalid JSON") };
}

// V8 messages look like `Unexpected token '}', "<the whole text>" is not valid JSON`.
function jsonReason(err: unknown): string {
  return errorText(err).replace(/, ".*" is not valid JSON$/s, "");
}

/** V8 names a position for some JSON errors only; otherwise js-yaml's error line is a good guess. */
function jsonErrorLine(text: string, err: unknown): number {
  const position = /position (\d+)/.exec(errorText(err));
  if (position) return text.slice(0, Number(position[1])).split("\n").length - 1;
  const asYaml = loadDocument(text);
  return asYaml.ok ? 0 : asYaml.line;
}

function describeFailure(err: unknown): LoadResult & { ok: false } {
  if (err instanceof yaml.YAMLException) {
    // Declared always present, but js-yaml leaves it out for some errors.
    const mark: Partial<yaml.Mark> | undefined = err.mark;
    const line = mark?.line ?? 0;
    const column = mark?.column !== undefined ? ` (column ${mark.column + 1})` : "";
    return { ok: false, line, message: `invalid YAML: ${err.reason}${column}` };
  }
  if (err instanceof RangeError) {
    // js-yaml recurses per nesting level; absurd nesting overflows the stack.
    return { ok: false, line: 0, message: "document is nested too deeply to parse" };
  }
  return { ok: false, line: 0, message: `cannot parse document: ${String(err)}` };
}
