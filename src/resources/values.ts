// Tiny type guards for parsed YAML/JSON values.

export type PlainObject = Record<string, unknown>;

export function isPlainObject(v: unknown): v is PlainObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === "string");
}

/** Number of nodes in a value counting shared (YAML-aliased) nodes every time they are reached,
 * stopping early once `limit` is exceeded: guards every later walk against alias bombs. */
export function expandedSizeExceeds(value: unknown, limit: number): boolean {
  let count = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (++count > limit) return true;
    if (Array.isArray(v)) for (const x of v) stack.push(x);
    else if (isPlainObject(v)) for (const k in v) stack.push(v[k]);
  }
  return false;
}
