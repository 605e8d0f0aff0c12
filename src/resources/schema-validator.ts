// Validates a spec against its kind's structural schema with ajv. Each schema is compiled
// once, on first use; ajv errors become Issues with a field path and a plain message.
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import { error, type FieldPath, type Issue, type PathSegment } from "./issue.js";
import { isKindName, KIND_SCHEMAS, type KindName } from "./schemas/index.js";
import { isPlainObject } from "./values.js";
import type { StructuralSchema } from "./schemas/schema-type.js";

function makeAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: false });
  // An annotation for the API server; no effect on what a value may be.
  ajv.addKeyword({ keyword: "x-kubernetes-preserve-unknown-fields", schemaType: "boolean" });
  ajv.addKeyword({
    keyword: "x-kubernetes-int-or-string",
    schemaType: "boolean",
    errors: false,
    validate: (on: boolean, data: unknown) => !on || typeof data === "string" || Number.isInteger(data),
  });
  return ajv;
}

let ajv: Ajv | undefined;
const compiled = new Map<KindName, ValidateFunction>();

function validatorFor(kind: KindName): ValidateFunction {
  let v = compiled.get(kind);
  if (!v) {
    ajv ??= makeAjv();
    const schema: object = KIND_SCHEMAS[kind].spec;
    v = ajv.compile(schema);
    compiled.set(kind, v);
  }
  return v;
}

/** Compiles any structural schema (used by tests to check the schemas themselves). */
export function compileSchema(schema: StructuralSchema): ValidateFunction {
  ajv ??= makeAjv();
  const s: object = schema;
  return ajv.compile(s);
}

export function validateSpec(kind: KindName, spec: unknown, base: FieldPath): Issue[] {
  const validate = validatorFor(kind);
  if (validate(spec)) return [];
  return (validate.errors ?? []).map((e) => toIssue(e, spec, base));
}

function toIssue(e: ErrorObject, spec: unknown, base: FieldPath): Issue {
  const path = [...base, ...pointerToPath(e.instancePath, spec)];
  if (e.keyword === "required") {
    return error([...path, String(e.params.missingProperty)], "is required");
  }
  return error(path, messageFor(e));
}

/** JSON pointer to path segments; list indexes become numbers (read off the data itself). */
function pointerToPath(pointer: string, data: unknown): PathSegment[] {
  if (pointer === "") return [];
  const out: PathSegment[] = [];
  let node = data;
  for (const raw of pointer.slice(1).split("/")) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    const seg = Array.isArray(node) ? Number(key) : key;
    out.push(seg);
    node = Array.isArray(node) ? node[Number(seg)] : isPlainObject(node) ? node[String(seg)] : undefined;
  }
  return out;
}

const TYPE_NAMES: Record<string, string> = {
  integer: "an integer",
  number: "a number",
  string: "a string",
  boolean: "a boolean",
  object: "a map",
  array: "a list",
};

function messageFor(e: ErrorObject): string {
  const p: Record<string, unknown> = e.params;
  switch (e.keyword) {
    case "type":
      return `must be ${TYPE_NAMES[String(p.type)] ?? String(p.type)}`;
    case "enum":
      return `must be one of: ${Array.isArray(p.allowedValues) ? p.allowedValues.join(", ") : String(p.allowedValues)}`;
    case "minimum":
      return `must be >= ${String(p.limit)}`;
    case "maximum":
      return `must be <= ${String(p.limit)}`;
    case "minLength":
      return p.limit === 1 ? "must not be empty" : `must be at least ${String(p.limit)} characters`;
    case "maxLength":
      return `must be at most ${String(p.limit)} characters`;
    case "pattern":
      return `must match ${String(p.pattern)}`;
    case "minItems":
      return `must have at least ${String(p.limit)} items`;
    case "maxItems":
      return `must have at most ${String(p.limit)} items`;
    case "maxProperties":
      return `must have at most ${String(p.limit)} entries`;
    case "x-kubernetes-int-or-string":
      return "must be an integer or a string";
    default:
      return e.message ?? `fails ${e.keyword}`;
  }
}

/**
 * Compiles every kind's validator now. ajv compiles on first use, which costs a few hundred
 * milliseconds: the running control plane pays it at start, not on the first change.
 */
export function warmSchemas(): void {
  for (const kind of Object.keys(KIND_SCHEMAS).filter(isKindName)) validatorFor(kind);
}
