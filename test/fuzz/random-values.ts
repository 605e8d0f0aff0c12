// Random values for the resources-stage fuzz suite, driven by the kinds' own schemas: mostly
// values of the declared type near its bounds (where Envoy's limits bite), sometimes any value
// of any type, and strings from a list of known troublemakers (control characters, traversal,
// regex metacharacters, header syntax).
import type { StructuralSchema } from "../../src/resources/schemas/schema-type.js";

export class Rng {
  private a: number;
  constructor(seed: number) {
    this.a = seed >>> 0;
  }
  /** Uniform in [0, 1). */
  next(): number {
    this.a = (this.a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(this.a ^ (this.a >>> 15), this.a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }
}

const NASTY_STRINGS = [
  "", "/", "/api/", "/good/../etc", "/a//b", "/a%2Fb", "/a\u0000b", "/a\r\nb", "a\tb", "\u001b[31m",
  "x", "quote", "quote:8080", "quote.prod:99999", "https://quote:443", "grpc://x", "10.0.0.1", "::1",
  "[::1]:80", "*", "*.example.com", "a.example.com", "(a|b)+", "[", "(?=x)", "^/v[0-9]+/.*$",
  "ünïcødé", "x-header", "bad header", ":authority", "host", "Set-Cookie: x", "'quoted'", "%",
  "%(x)s", "${x}", "1.5s", "250ms", "99999999h", "true", "null", "-1", "1e300",
];

const NASTY_NUMBERS = [
  0, 1, -1, 2, 100, 1.5, 65535, 65536, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1, 2 ** 32, 2 ** 53 + 2,
  315576000000000, 315576000000001, 99999999999999999999, 1e300, -1e300, Infinity, -Infinity, NaN,
];

const HEADER_NAMES = ["x-a", "X-Mixed", "x_under", "authorization", "bad name", ":authority", "host", "", "x-\u0000"];
const UNITS = ["ns", "us", "ms", "s", "m", "h"];

/** Any JSON-ish value (YAML can also write .inf and .nan, hence the numbers above). */
export function wildValue(rng: Rng, depth = 0): unknown {
  switch (rng.int(depth > 2 ? 4 : 6)) {
    case 0: return rng.chance(0.5) ? null : rng.chance(0.5);
    case 1: return rng.pick(NASTY_NUMBERS);
    case 2: return rng.pick(NASTY_STRINGS);
    case 3: return rng.chance(0.5) ? rng.int(100000) : -rng.int(100);
    case 4: return Array.from({ length: rng.int(3) }, () => wildValue(rng, depth + 1));
    default: {
      const out: Record<string, unknown> = {};
      for (let i = rng.int(3); i > 0; i--) out[rng.pick(HEADER_NAMES)] = wildValue(rng, depth + 1);
      return out;
    }
  }
}

/** Every field path of a schema, through objects and list items (`*`). */
export function fieldPaths(schema: StructuralSchema, prefix: readonly string[] = []): string[][] {
  const out: string[][] = [];
  for (const [k, sub] of Object.entries(schema.properties ?? {})) {
    out.push([...prefix, k], ...fieldPaths(sub, [...prefix, k]));
  }
  if (schema.items) out.push(...fieldPaths(schema.items, [...prefix, "*"]));
  return out;
}

/**
 * A value for `schema`: usually of its type (often at a bound), sometimes anything at all.
 * `focus` is a field path that is always filled in, so every field gets its turn.
 */
export function valueFor(schema: StructuralSchema, rng: Rng, depth = 0, focus: readonly string[] = []): unknown {
  if (focus.length > 0) return focused(schema, rng, depth, focus);
  if (rng.chance(0.08)) return wildValue(rng);
  if (schema.enum) return rng.chance(0.9) ? rng.pick(schema.enum) : rng.pick(NASTY_STRINGS);
  if (schema["x-kubernetes-int-or-string"]) return rng.chance(0.5) ? rng.int(70000) : rng.pick(NASTY_STRINGS);
  switch (schema.type) {
    case "boolean": return rng.chance(0.5);
    case "integer":
    case "number": return numberFor(schema, rng);
    case "string": return stringFor(schema, rng);
    case "array": return Array.from({ length: rng.int(3) + (schema.minItems ?? 0) }, () => valueFor(schema.items ?? {}, rng, depth + 1));
    case "object": return objectFor(schema, rng, depth);
    default: return polymorphicValue(rng, depth);
  }
}

function focused(schema: StructuralSchema, rng: Rng, depth: number, focus: readonly string[]): unknown {
  const [head, ...rest] = focus as [string, ...string[]];
  if (head === "*") {
    const others = valueFor(schema, rng, depth);
    return [valueFor(schema.items ?? {}, rng, depth + 1, rest), ...(Array.isArray(others) ? others : [])];
  }
  const base = objectFor(schema, rng, depth);
  const sub = schema.properties?.[head] ?? {};
  return { ...(typeof base === "object" && base !== null ? base : {}), [head]: valueFor(sub, rng, depth + 1, rest) };
}

function numberFor(schema: StructuralSchema, rng: Rng): number {
  const lo = schema.minimum ?? -(2 ** 31);
  const hi = schema.maximum ?? 2 ** 31 - 1;
  const pool = [lo, hi, lo + 1, hi - 1, Math.floor((lo + hi) / 2), 0, 1, 1000, 3000];
  if (rng.chance(0.25)) return rng.pick(NASTY_NUMBERS);
  const v = rng.chance(0.5) ? rng.pick(pool) : lo + Math.floor(rng.next() * Math.min(hi - lo + 1, 1e6));
  return schema.type === "integer" ? Math.trunc(v) : v + (rng.chance(0.3) ? 0.5 : 0);
}

function stringFor(schema: StructuralSchema, rng: Rng): string {
  if (schema.pattern?.includes("ns|us")) {
    const digits = rng.chance(0.2) ? "99999999" : String(rng.int(rng.chance(0.5) ? 10 : 100000));
    return `${digits}${rng.chance(0.3) ? ".5" : ""}${rng.pick(UNITS)}`;
  }
  const s = rng.chance(0.7) ? rng.pick(NASTY_STRINGS) : `s${rng.int(1000)}`;
  return rng.chance(0.02) ? s.repeat(5000) : s;
}

function objectFor(schema: StructuralSchema, rng: Rng, depth: number): unknown {
  if (schema["x-kubernetes-preserve-unknown-fields"] && !schema.properties) return { [rng.pick(HEADER_NAMES)]: wildValue(rng, depth + 1) };
  const out: Record<string, unknown> = {};
  const props = Object.entries(schema.properties ?? {});
  const required = new Set(schema.required ?? []);
  // A few fields per object, so a resource has a fair chance to be valid and reach Envoy.
  const p = Math.min(1, 2.5 / Math.max(props.length, 1));
  for (const [k, sub] of props) {
    if (required.has(k) ? rng.chance(0.95) : rng.chance(p)) out[k] = valueFor(sub, rng, depth + 1);
  }
  if (schema.additionalProperties) {
    for (let i = rng.int(3); i > 0; i--) out[rng.pick(HEADER_NAMES)] = valueFor(schema.additionalProperties, rng, depth + 1);
  }
  if (rng.chance(0.03)) out[`unknown_${rng.int(10)}`] = wildValue(rng);
  return out;
}

/** Fields a structural schema leaves untyped: string, list of strings, `true`, `{value, append}`. */
function polymorphicValue(rng: Rng, depth: number): unknown {
  switch (rng.int(5)) {
    case 0: return rng.pick(NASTY_STRINGS);
    case 1: return Array.from({ length: rng.int(3) }, () => rng.pick(NASTY_STRINGS));
    case 2: return true;
    case 3: return { value: rng.pick(NASTY_STRINGS), ...(rng.chance(0.5) ? { append: rng.chance(0.5) } : {}) };
    default: return wildValue(rng, depth);
  }
}
