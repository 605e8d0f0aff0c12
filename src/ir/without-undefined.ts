// Optional IR fields are left out rather than set to undefined, so equal settings print (and
// compare, as JSON keys) equal.

export function withoutUndefined<T extends object>(o: T): T {
  const out: Partial<T> = {};
  for (const k in o) if (o[k] !== undefined) out[k] = o[k];
  // cast: only keys whose value is undefined were left out, and those are optional in T
  return out as T;
}
