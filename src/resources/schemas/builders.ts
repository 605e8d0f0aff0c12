// Small constructors for structural schema nodes. Every string, list and map gets a size
// cap here, so bounds are declared once and end up in the CRDs as well.
import type { StructuralSchema } from "./schema-type.js";

/** 64 KiB: no spec string field legitimately needs more (Lua scripts included). */
export const MAX_STRING = 65536;
/** Cap for lists and maps (headers, circuit breakers, origins, ...). */
export const MAX_ENTRIES = 1000;

type Extra = Omit<StructuralSchema, "type">;

export function str(extra: Extra = {}): StructuralSchema {
  return { type: "string", maxLength: MAX_STRING, ...extra };
}

export function strEnum(...values: string[]): StructuralSchema {
  return { type: "string", enum: values };
}

/** Largest int32 and uint32: the protobuf types behind Envoy's integer fields. */
export const INT32_MAX = 2147483647;
export const UINT32_MAX = 4294967295;
/**
 * Envoy refuses a Duration above 315,576,000,000 seconds (10,000 years), and a larger number
 * of milliseconds cannot even be encoded: the bound every `*_ms` field shares.
 */
export const MAX_DURATION_MS = 315576000000000;

/** An int32 unless narrowed: every integer has a bound, so none overflows the encoder. */
export function int(extra: Extra = {}): StructuralSchema {
  return { type: "integer", minimum: -INT32_MAX - 1, maximum: INT32_MAX, ...extra };
}

/** Non-negative integer that Envoy holds in a uint32 (counts, limits, thresholds). */
export function nonNegInt(extra: Extra = {}): StructuralSchema {
  return { type: "integer", minimum: 0, maximum: UINT32_MAX, ...extra };
}

/** A duration in milliseconds (`timeout_ms`); `minimum: 1` where Envoy requires more than 0. */
export function durationMs(extra: Extra = {}): StructuralSchema {
  return { type: "integer", minimum: 0, maximum: MAX_DURATION_MS, ...extra };
}

export function num(extra: Extra = {}): StructuralSchema {
  return { type: "number", ...extra };
}

export function bool(description?: string): StructuralSchema {
  return description ? { type: "boolean", description } : { type: "boolean" };
}

export function port(): StructuralSchema {
  return { type: "integer", minimum: 1, maximum: 65535 };
}

export function obj(
  properties: Record<string, StructuralSchema>,
  required: string[] = [],
  extra: Extra = {},
): StructuralSchema {
  return required.length > 0
    ? { type: "object", properties, required, ...extra }
    : { type: "object", properties, ...extra };
}

export function list(items: StructuralSchema, extra: Extra = {}): StructuralSchema {
  return { type: "array", items, maxItems: MAX_ENTRIES, ...extra };
}

export function map(values: StructuralSchema, extra: Extra = {}): StructuralSchema {
  return { type: "object", additionalProperties: values, maxProperties: MAX_ENTRIES, ...extra };
}

export function stringMap(): StructuralSchema {
  return map(str());
}

/**
 * A duration string as Ambassador writes them: `1.5s`, `250ms`, `1m`. At most 7 integer
 * digits, so even in hours it stays under Envoy's 10,000-year Duration limit.
 */
export function duration(): StructuralSchema {
  return str({ pattern: "^[0-9]{1,7}(\\.[0-9]{1,9})?(ns|us|µs|ms|s|m|h)$", maxLength: 64 });
}

/** Truly free-form content (e.g. a JSON body template): any object, kept as written. */
export function freeObject(description: string): StructuralSchema {
  return { type: "object", description, "x-kubernetes-preserve-unknown-fields": true };
}

/**
 * A field whose value may take several JSON types (string or list, string or object, ...).
 * Structural schemas cannot express a type union other than int-or-string, so the node stays
 * untyped for the API server and its shape is checked by hand (see `shapes.ts`).
 */
export function polymorphic(description: string): StructuralSchema {
  return { description, "x-kubernetes-preserve-unknown-fields": true };
}

export function intOrString(description?: string): StructuralSchema {
  return description
    ? { description, "x-kubernetes-int-or-string": true }
    : { "x-kubernetes-int-or-string": true };
}
