// Reads `metadata`: name (a DNS-1123 subdomain, required), namespace (a DNS-1123 label,
// defaulted), labels and annotations (string maps).
import type { Candidate, Named } from "./candidate.js";
import { error, type Issue } from "./issue.js";
import { isPlainObject } from "./values.js";

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** Shown in diagnostics of a resource that has no usable name. */
const UNNAMED = "(unnamed)";

export interface MetadataResult {
  readonly named?: Named;
  readonly issues: Issue[];
  /** Best-effort identity for diagnostics even when the metadata is invalid. */
  readonly name: string;
  readonly namespace: string;
}

export function readMetadata(c: Candidate, defaultNamespace: string): MetadataResult {
  const issues: Issue[] = [];
  const md = c.metadata;
  if (!isPlainObject(md)) {
    issues.push(error(["metadata"], md === undefined ? "is required" : "must be a map"));
    return { issues, name: UNNAMED, namespace: defaultNamespace };
  }
  const name = checkName(md.name, issues);
  const namespace = checkNamespace(md.namespace, defaultNamespace, issues);
  const labels = stringMap(md.labels, "labels", issues);
  const annotations = stringMap(md.annotations, "annotations", issues);
  const generation = typeof md.generation === "number" ? md.generation : undefined;
  if (issues.length > 0 || name === undefined) return { issues, name: name ?? UNNAMED, namespace };
  const named: Named = {
    kind: c.kind,
    apiVersion: c.apiVersion,
    metadata: c.metadata,
    spec: c.spec,
    origin: c.origin,
    ...(c.note !== undefined ? { note: c.note } : {}),
    ...(c.strayKeys !== undefined ? { strayKeys: c.strayKeys } : {}),
    ref: { kind: c.kind, namespace, name, location: c.origin.location },
    labels,
    annotations,
    ...(generation !== undefined ? { generation } : {}),
  };
  return { named, issues, name, namespace };
}

function checkName(v: unknown, issues: Issue[]): string | undefined {
  if (v === undefined || v === null || v === "") {
    issues.push(error(["metadata", "name"], "is required"));
    return undefined;
  }
  if (typeof v !== "string") {
    issues.push(error(["metadata", "name"], "must be a string"));
    return undefined;
  }
  if (v.length > 253 || !DNS1123_SUBDOMAIN.test(v)) {
    issues.push(error(["metadata", "name"],
      `"${v}" is not a valid name (lower-case letters, digits, "-" and ".", starting and ending with a letter or digit, at most 253 characters)`));
  }
  return v;
}

function checkNamespace(v: unknown, fallback: string, issues: Issue[]): string {
  if (v === undefined || v === null || v === "") return fallback;
  if (typeof v !== "string") {
    issues.push(error(["metadata", "namespace"], "must be a string"));
    return fallback;
  }
  if (v.length > 63 || !DNS1123_LABEL.test(v)) {
    issues.push(error(["metadata", "namespace"],
      `"${v}" is not a valid namespace (lower-case letters, digits and "-", at most 63 characters)`));
  }
  return v;
}

function stringMap(v: unknown, field: string, issues: Issue[]): Record<string, string> {
  if (v === undefined || v === null) return {};
  if (!isPlainObject(v)) {
    issues.push(error(["metadata", field], "must be a map of strings"));
    return {};
  }
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v)) {
    if (typeof val === "string") out[k] = val;
    else issues.push(error(["metadata", field, k], "must be a string (quote it)"));
  }
  return out;
}
