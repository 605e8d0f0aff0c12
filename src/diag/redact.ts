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

/** A JSON-ready deep copy of `value` with secret-named fields replaced and cycles cut. */
export function redactSecrets(value: unknown): unknown {
  return walk(value, new WeakSet());
}

function walk(value: unknown, seen: WeakSet<object>): unknown {
  if (value === null || typeof value !== "object") return value;
  if (seen.has(value)) return "[cycle]";
  seen.add(value);
  let out: unknown;
  if (Array.isArray(value)) out = value.map((v) => walk(v, seen));
  else if (value instanceof Map) out = walk(Object.fromEntries(value), seen);
  else if (value instanceof Set) out = walk([...value], seen);
  else if (value instanceof Date) out = value.toISOString();
  else if (ArrayBuffer.isView(value)) out = `[${value.byteLength} bytes]`;
  else {
    const obj: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) obj[k] = isSecretKey(k) ? REDACTED : walk(v, seen);
    out = obj;
  }
  seen.delete(value);
  return out;
}
