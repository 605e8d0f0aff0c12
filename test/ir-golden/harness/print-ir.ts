// A deterministic text form of the IR for golden files: object keys sorted, `undefined` fields
// left out, list order kept (in the IR, list order is meaning: route order, listener order).
// Resource references print as one line (`Mapping default/quote (input/a.yaml:3)`) so a case
// reads like the manifests it came from. Anything that is not plain data (a Map, a Set, a class
// instance, a function, a cycle) throws: the IR is meant to be plain, comparable values.
import { formatRef, type ResourceRef } from "../../../src/core/diagnostics.js";
import type { IR } from "../../../src/ir/types.js";

/** The IR without its diagnostics (those go to diagnostics.txt with the other stages'). */
export function printIR(ir: IR): string {
  const { diagnostics: _diagnostics, ...rest } = ir;
  return printPlain(rest);
}

/** Any plain value in the same form; `root` names it in errors. */
export function printPlain(value: unknown, root = "ir"): string {
  return JSON.stringify(plain(value, root, new Set()), null, 2) + "\n";
}

type Plain = string | number | boolean | null | Plain[] | { [key: string]: Plain };

const REF_KEYS = new Set(["kind", "namespace", "name", "location"]);

function plain(value: unknown, path: string, stack: Set<object>): Plain {
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`${path}: ${value} is not JSON`);
    return value;
  }
  if (typeof value !== "object") throw new Error(`${path}: a ${typeof value} is not plain IR data`);
  if (stack.has(value)) throw new Error(`${path}: the IR has a cycle`);
  stack.add(value);
  try {
    if (Array.isArray(value)) return value.map((v, i) => plain(v, `${path}[${i}]`, stack));
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) throw new Error(`${path}: a ${describe(value)} is not plain IR data`);
    if (isRef(value)) return formatRef(value);
    return plainObject(value as Record<string, unknown>, path, stack);
  } finally {
    stack.delete(value);
  }
}

function plainObject(value: Record<string, unknown>, path: string, stack: Set<object>): { [key: string]: Plain } {
  const out: { [key: string]: Plain } = {};
  for (const key of Object.keys(value).sort()) {
    const v = value[key];
    if (v !== undefined) out[key] = plain(v, `${path}.${key}`, stack);
  }
  return out;
}

function isRef(value: object): value is ResourceRef {
  const r = value as Record<string, unknown>;
  return Object.keys(r).every((k) => REF_KEYS.has(k)) &&
    typeof r["kind"] === "string" && typeof r["namespace"] === "string" && typeof r["name"] === "string";
}

function describe(value: object): string {
  const ctor = (value as { constructor?: { name?: string } }).constructor;
  return ctor?.name ?? "non-plain object";
}
