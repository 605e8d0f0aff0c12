// Resource references as the page shows them.
import { formatLocation, refKey, type ResourceRef } from "../../core/diagnostics.js";
import type { RefView } from "./types.js";

export function refView(ref: ResourceRef): RefView {
  return {
    key: refKey(ref),
    kind: ref.kind,
    namespace: ref.namespace,
    name: ref.name,
    ...(ref.location ? { at: formatLocation(ref.location) } : {}),
  };
}

/** Every distinct ref, first seen first. */
export function uniqueRefs(refs: readonly ResourceRef[]): RefView[] {
  const out = new Map<string, RefView>();
  for (const r of refs) if (!out.has(refKey(r))) out.set(refKey(r), refView(r));
  return [...out.values()];
}
