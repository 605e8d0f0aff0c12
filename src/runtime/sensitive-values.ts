// Values that must never be printed, whatever quotes them (Envoy's NACK text and log lines):
// configured header values and header/query match patterns, auth context extensions, and the
// data of Secrets, as written and base64-decoded.
import type { SourceDocument } from "../core/source-document.js";
import type { ResourceSet } from "../resources/types.js";

const VALUE_MAPS = new Set([
  "add_request_headers", "add_response_headers", "headers", "regex_headers", "query_parameters",
  "regex_query_parameters", "auth_context_extensions",
]);

const memo = new WeakMap<object, string[]>();

/** The same, computed once per translation (keyed by its resource set). */
export function sensitiveValuesOf(t: { readonly resources: ResourceSet; readonly source: { readonly documents: readonly SourceDocument[] } } | undefined): string[] {
  if (!t) return [];
  let v = memo.get(t.resources);
  if (!v) memo.set(t.resources, (v = sensitiveValues(t.resources, t.source.documents)));
  return v;
}

export function sensitiveValues(resources: ResourceSet | undefined, documents: readonly SourceDocument[] = []): string[] {
  const out = new Set<string>();
  for (const m of resources?.mappings ?? []) collect(m.spec, false, out);
  for (const d of documents) secretData(d.value, out);
  return [...out];
}

function collect(value: unknown, inValueMap: boolean, out: Set<string>): void {
  if (typeof value === "string") {
    if (inValueMap) out.add(value);
  } else if (Array.isArray(value)) {
    for (const v of value) collect(v, inValueMap, out);
  } else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) collect(v, inValueMap || VALUE_MAPS.has(k), out);
  }
}

function secretData(value: unknown, out: Set<string>): void {
  if (!value || typeof value !== "object" || !("kind" in value) || value.kind !== "Secret") return;
  for (const [field, decode] of [["data", true], ["stringData", false]] as const) {
    const map = field in value ? Reflect.get(value, field) : undefined;
    if (!map || typeof map !== "object") continue;
    for (const s of Object.values(map)) {
      if (typeof s !== "string") continue;
      out.add(s);
      if (!decode) continue;
      const plain = Buffer.from(s, "base64").toString("utf8");
      out.add(plain);
      // PEM and other multi-line data may be printed one line at a time.
      for (const line of plain.split("\n")) if (line.trim().length >= 16) out.add(line.trim());
    }
  }
}
