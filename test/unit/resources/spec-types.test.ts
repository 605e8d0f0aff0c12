// The typed specs the checks receive (src/resources/spec-types.ts, `SpecOf`) agree with the
// schemas that validated them: read with the TypeScript checker, every kind's spec type has
// exactly the schema's fields, the same required ones, and JSON types that fit. This is what
// makes `validatedSpec` (the one cast from validated JSON to a typed spec) sound.
import { test } from "node:test";
import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { KIND_SCHEMAS, type KindName } from "../../../src/resources/schemas/index.js";
import type { StructuralSchema } from "../../../src/resources/schemas/schema-type.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "../../../..");
const FILE = join(ROOT, "src/resources/spec-types.ts");

const program = ts.createProgram([FILE], {
  strict: true, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, noEmit: true,
});
const checker = program.getTypeChecker();

function specOf(): Map<string, ts.Type> {
  const sf = program.getSourceFile(FILE);
  assert.ok(sf, `${FILE} not found`);
  const decl = sf.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === "SpecOf");
  assert.ok(decl, "interface SpecOf not found");
  const t = checker.getTypeAtLocation(decl);
  return new Map(checker.getPropertiesOfType(t).map((p) => [p.name, checker.getTypeOfSymbolAtLocation(p, decl)]));
}

const members = (t: ts.Type): ts.Type[] => (t.isUnion() ? t.types : [t]).filter((m) => !(m.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null)));
const all = (t: ts.Type, flags: ts.TypeFlags) => members(t).every((m) => (m.flags & flags) !== 0);
const isUnknown = (t: ts.Type) => (t.flags & ts.TypeFlags.Unknown) !== 0;
const show = (t: ts.Type) => checker.typeToString(t);
const untyped = (s: StructuralSchema) => s.type === undefined && s["x-kubernetes-int-or-string"] === undefined;

/** Problems with `t` as the type of values `s` accepts, each naming the field. */
function disagreements(t: ts.Type, s: StructuralSchema, path: string): string[] {
  // Fields with no JSON type of their own (checked by hand in shapes.ts) may be typed freely.
  if (untyped(s) || isUnknown(t)) return untyped(s) ? [] : [`${path}: typed unknown, schema says ${s.type ?? "int-or-string"}`];
  if (s["x-kubernetes-int-or-string"]) return all(t, ts.TypeFlags.StringLike | ts.TypeFlags.NumberLike) ? [] : [`${path}: ${show(t)} is not int-or-string`];
  switch (s.type) {
    case "string":
      return all(t, ts.TypeFlags.StringLike) ? enumDisagreement(t, s, path) : [`${path}: ${show(t)} is not a string`];
    case "integer":
    case "number":
      return all(t, ts.TypeFlags.NumberLike) ? [] : [`${path}: ${show(t)} is not a number`];
    case "boolean":
      return all(t, ts.TypeFlags.BooleanLike) ? [] : [`${path}: ${show(t)} is not a boolean`];
    case "array":
      return arrayDisagreements(t, s, path);
    case "object":
      return objectDisagreements(t, s, path);
    default:
      return [`${path}: unexpected schema type ${String(s.type)}`];
  }
}

function enumDisagreement(t: ts.Type, s: StructuralSchema, path: string): string[] {
  const literals = members(t).filter((m): m is ts.StringLiteralType => m.isStringLiteral()).map((m) => m.value);
  if (literals.length === 0) return [];
  const allowed = (s.enum ?? []).map(String);
  const extra = literals.filter((l) => !allowed.includes(l));
  return extra.length ? [`${path}: ${extra.join(", ")} not in the schema's enum`] : [];
}

function arrayDisagreements(t: ts.Type, s: StructuralSchema, path: string): string[] {
  const [m, ...more] = members(t);
  if (!m || more.length || !checker.isArrayType(m)) return [`${path}: ${show(t)} is not an array`];
  const [item] = checker.getTypeArguments(m as ts.TypeReference);
  return item && s.items ? disagreements(item, s.items, `${path}[]`) : [];
}

function objectDisagreements(t: ts.Type, s: StructuralSchema, path: string): string[] {
  const [m, ...more] = members(t);
  if (!m || more.length || !(m.flags & ts.TypeFlags.Object) || checker.isArrayType(m)) return [`${path}: ${show(t)} is not an object`];
  const index = checker.getIndexTypeOfType(m, ts.IndexKind.String);
  const props = checker.getPropertiesOfType(m);
  if (s.additionalProperties) return index ? disagreements(index, s.additionalProperties, `${path}.*`) : [`${path}: a map in the schema, ${show(m)} has no index signature`];
  // An opaque map (Record<string, unknown>) stands for an object nothing reads field by field.
  if (props.length === 0 && index && isUnknown(index)) return [];
  const fields = s.properties ?? {};
  const out: string[] = [];
  const names = new Set(props.map((p) => p.name));
  for (const name of Object.keys(fields)) if (!names.has(name)) out.push(`${path}.${name}: in the schema, missing from the type`);
  const required = new Set(s.required ?? []);
  for (const p of props) {
    const field = fields[p.name];
    if (!field) {
      out.push(`${path}.${p.name}: in the type, not in the schema`);
      continue;
    }
    const optional = (p.flags & ts.SymbolFlags.Optional) !== 0;
    if (optional === required.has(p.name)) out.push(`${path}.${p.name}: ${optional ? "optional" : "required"} in the type, not in the schema`);
    out.push(...disagreements(checker.getTypeOfSymbol(p), field, `${path}.${p.name}`));
  }
  return out;
}

test("every validated kind has a spec type", () => {
  const typed = [...specOf().keys()].sort();
  // Ingresses become Mappings; Secrets are read value by value by hand (their values are keys).
  const validated = (Object.keys(KIND_SCHEMAS) as KindName[]).filter((k) => k !== "Ingress" && k !== "IngressClass" && k !== "Secret").sort();
  assert.deepEqual(typed, validated);
});

test("each spec type has exactly its schema's fields, required fields and JSON types", () => {
  const problems: string[] = [];
  for (const [kind, type] of specOf()) problems.push(...disagreements(type, KIND_SCHEMAS[kind as KindName].spec, kind));
  assert.deepEqual(problems, []);
});
