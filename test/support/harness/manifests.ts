// Builders for getambassador.io/v3alpha1 manifests, so tests read as the resources they use.
import yaml from "js-yaml";

export const API_VERSION = "getambassador.io/v3alpha1";

export interface Meta {
  readonly namespace?: string;
  readonly labels?: Readonly<Record<string, string>>;
}

export function resource(kind: string, name: string, spec: Record<string, unknown>, meta: Meta = {}): string {
  const metadata = { name, namespace: meta.namespace ?? "default", ...(meta.labels ? { labels: meta.labels } : {}) };
  return yaml.dump({ apiVersion: API_VERSION, kind, metadata, spec }, { lineWidth: -1, noRefs: true });
}

export function mapping(name: string, spec: Record<string, unknown>, meta: Meta = {}): string {
  return resource("Mapping", name, spec, meta);
}

/** Joins documents into one multi-document YAML file. */
export function docs(...documents: string[]): string {
  return documents.map((d) => (d.endsWith("\n") ? d : `${d}\n`)).join("---\n");
}
