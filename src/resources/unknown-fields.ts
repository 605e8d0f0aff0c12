// Fields present in a document but absent from its schema are reported as warnings (they are
// most often typos of a real field, silently ignored by Ambassador, which users hate).
import { closest } from "./suggest.js";
import { warning, type FieldPath, type Issue } from "./issue.js";
import type { StructuralSchema } from "./schemas/schema-type.js";
import { isPlainObject } from "./values.js";

export function findUnknownFields(value: unknown, schema: StructuralSchema, at: FieldPath): Issue[] {
  const issues: Issue[] = [];
  walk(value, schema, at, issues);
  return issues;
}

function walk(value: unknown, schema: StructuralSchema, at: FieldPath, issues: Issue[]): void {
  if (Array.isArray(value)) {
    const items = schema.items;
    if (items) value.forEach((x, i) => typeof x === "object" && x !== null && walk(x, items, [...at, i], issues));
    return;
  }
  if (!isPlainObject(value) || schema.type !== "object") return;
  const props = schema.properties;
  const preserve = schema["x-kubernetes-preserve-unknown-fields"] === true;
  for (const key in value) {
    const sub = props?.[key] ?? schema.additionalProperties;
    const child = value[key];
    // Scalars cannot hold unknown fields: skip them without building a path.
    if (sub) {
      if (typeof child === "object" && child !== null) walk(child, sub, [...at, key], issues);
    } else if (!preserve) {
      issues.push(warning([...at, key], unknownMessage(key, props)));
    }
  }
}

function unknownMessage(key: string, props: StructuralSchema["properties"]): string {
  const near = props ? closest(key, Object.keys(props)) : undefined;
  return near ? `unknown field (ignored); did you mean ${near}?` : "unknown field (ignored)";
}
