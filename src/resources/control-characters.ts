// Envoy refuses NUL, CR and LF in header values, paths and rewrites, and a NACK of one route
// takes the whole RouteConfiguration with it. No spec string has a use for control characters
// except the few that hold free text (scripts, templates), so they are refused everywhere else,
// in map keys as well, before the resource can reach Envoy.
import { error, type FieldPath, type Issue } from "./issue.js";
import { isPlainObject } from "./values.js";

/** Fields whose value is free text, where line breaks and tabs are content. */
const FREE_TEXT = new Set(["lua_scripts", "text_format", "json_format", "envoy_log_format", "registration"]);

// C0 controls except horizontal tab (allowed in header values by RFC 9110), and DEL.
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f]/;

export function findControlCharacters(value: unknown, path: FieldPath): Issue[] {
  const issues: Issue[] = [];
  walk(value, path, issues);
  return issues;
}

function walk(value: unknown, path: FieldPath, issues: Issue[]): void {
  if (typeof value === "string") {
    const found = CONTROL.exec(value);
    if (found) issues.push(error(path, `must not contain control characters (found ${codePoint(found[0])})`));
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => walk(v, [...path, i], issues));
  } else if (isPlainObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      const found = CONTROL.exec(k);
      if (found) issues.push(error([...path, k], `field name must not contain control characters (found ${codePoint(found[0])})`));
      else if (!FREE_TEXT.has(k)) walk(v, [...path, k], issues);
    }
  }
}

function codePoint(c: string): string {
  return `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;
}
