// Which kinds get a status subresource from attache, and where it lives in the API.
import type { ResourceRef } from "../core/diagnostics.js";

const PLURALS: Readonly<Record<string, string>> = {
  Mapping: "mappings",
  Host: "hosts",
  Listener: "listeners",
  Module: "modules",
};

/** The getambassador.io kinds attache serves (and so reports status on). */
export function hasStatus(kind: string): boolean {
  return Object.hasOwn(PLURALS, kind);
}

export function objectPath(ref: Pick<ResourceRef, "kind" | "namespace" | "name">): string {
  const plural = PLURALS[ref.kind];
  if (!plural) throw new Error(`no status for kind ${ref.kind}`);
  return `/apis/getambassador.io/v3alpha1/namespaces/${encodeURIComponent(ref.namespace)}/${plural}/${encodeURIComponent(ref.name)}`;
}

export function statusPath(ref: Pick<ResourceRef, "kind" | "namespace" | "name">): string {
  return `${objectPath(ref)}/status`;
}
