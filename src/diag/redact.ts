// Last line of defence for the diagnostics endpoint: whatever the runtime hands over, values
// under keys that name secret material never leave the process.

const SECRET_KEYS = new Set([
  "privatekey",
  "password",
  "passphrase",
  "token",
  "bearertoken",
  "apikey",
  "authorization",
  "clientsecret",
  "hmacsecret",
  "inlinebytes",
]);

export const REDACTED = "[redacted]";

export function isSecretKey(key: string): boolean {
  return SECRET_KEYS.has(key.toLowerCase().replace(/[_-]/g, ""));
}

// Headers that carry credentials: their values are redacted wherever a header is named (a
// header match, a header to add, a key of a `headers` map). `:authority` is a host, not a secret.
const SENSITIVE_HEADER = /authorization|token|secret|passw|cookie|api[-_]?key|credential|session/;

export function isSensitiveHeader(name: string): boolean {
  const n = name.toLowerCase();
  return n !== ":authority" && SENSITIVE_HEADER.test(n);
}

/** A JSON-ready deep copy of `value` with secret-named fields replaced and cycles cut. */
export function redactSecrets(value: unknown): unknown {
  return walk(value, new WeakSet(), "");
}

/** Whether `key` (a field of an object under `parent`) holds secret material. */
function secretField(key: string, parent: string, obj: object): boolean {
  if (isSecretKey(key)) return true;
  if (/header/i.test(parent) && isSensitiveHeader(key)) return true;
  // {name|key: "authorization", value|exact|...: ...}: everything but the name is the value.
  // A resource reference (it has a namespace) merely named like a header is not one.
  if ("namespace" in obj || !(/header/i.test(parent) || "value" in obj || "string_match" in obj)) return false;
  const named = "name" in obj ? obj.name : "key" in obj ? obj.key : undefined;
  return typeof named === "string" && key !== "name" && key !== "key" && isSensitiveHeader(named);
}

function walk(value: unknown, seen: WeakSet<object>, parent: string): unknown {
  if (value === null || typeof value !== "object") return value;
  if (seen.has(value)) return "[cycle]";
  seen.add(value);
  let out: unknown;
  if (Array.isArray(value)) out = value.map((v) => walk(v, seen, parent));
  else if (value instanceof Map) out = walk(Object.fromEntries(value), seen, parent);
  else if (value instanceof Set) out = walk([...value], seen, parent);
  else if (value instanceof Date) out = value.toISOString();
  else if (ArrayBuffer.isView(value)) out = `[${value.byteLength} bytes]`;
  else {
    const obj: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) obj[k] = secretField(k, parent, value) ? REDACTED : walk(v, seen, k);
    out = obj;
  }
  seen.delete(value);
  return out;
}
