// Whether an object's status already says what attache would write. lastTransitionTime is left
// out: it is bookkeeping, and rewriting only it would move resourceVersion for nothing.
import type { Condition, ResourceStatus } from "./types.js";
import { compareStrings } from "../util/compare.js";

export function sameStatus(desired: ResourceStatus, actual: unknown): boolean {
  return JSON.stringify(comparable(desired)) === JSON.stringify(comparable(actual));
}

/** `desired` with the transition times the object already has for unchanged condition statuses. */
export function keepTransitionTimes(desired: ResourceStatus, actual: unknown): ResourceStatus {
  const existing = conditionsOf(actual);
  const conditions = desired.conditions.map((c) => {
    const e = existing.find((x) => x.type === c.type);
    return e && e.status === c.status && typeof e.lastTransitionTime === "string" ? { ...c, lastTransitionTime: e.lastTransitionTime } : c;
  });
  return { ...desired, conditions };
}

function comparable(s: unknown): unknown {
  const o = isObject(s) ? s : {};
  return {
    observedGeneration: o["observedGeneration"] ?? null,
    state: o["state"] ?? null,
    reason: o["reason"] ?? null,
    conditions: conditionsOf(s)
      .map((c) => [c.type, c.status, c.reason, c.message, c.observedGeneration ?? null])
      .sort((a, b) => compareStrings(String(a[0]), String(b[0]))),
  };
}

function conditionsOf(s: unknown): Record<string, unknown>[] {
  const list = isObject(s) ? s["conditions"] : undefined;
  return Array.isArray(list) ? list.filter(isObject) : [];
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
