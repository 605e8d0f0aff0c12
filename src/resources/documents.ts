// Reads the envelope of each raw document (apiVersion, kind) and keeps the ones attache uses.
import type { SourceDocument } from "../core/source-document.js";
import type { Candidate, Origin } from "./candidate.js";
import type { Diagnostic, ResourceRef } from "../core/diagnostics.js";
import { error, warning, type Issue } from "./issue.js";
import { classifyKind, type KindClass } from "./kinds.js";
import { toDiagnostic } from "./to-diagnostic.js";
import { expandedSizeExceeds, MAX_DEPTH, isPlainObject, type PlainObject } from "./values.js";

/** Values (after YAML alias expansion) a single resource may hold. */
const MAX_DOCUMENT_VALUES = 100_000;

const TOP_LEVEL_KEYS = new Set(["apiVersion", "kind", "metadata", "spec", "status"]);

export interface Collected {
  readonly candidates: Candidate[];
  readonly diagnostics: Diagnostic[];
}

export function collectDocument(doc: SourceDocument, defaultNamespace: string, into: Collected): void {
  const origin: Origin = { location: doc.location, text: doc.text };
  const report = (issue: Issue, ref?: ResourceRef): void => {
    into.diagnostics.push(toDiagnostic(issue, origin, ref));
  };
  const c = envelopeToCandidate(doc.value, origin, defaultNamespace, report);
  if (c) into.candidates.push(c);
}

/**
 * Shared by documents and annotation entries. `report` gets document-level issues; a `flat`
 * envelope (annotation style) carries its spec fields at the top level.
 */
export function envelopeToCandidate(
  value: unknown,
  origin: Origin,
  defaultNamespace: string,
  report: (i: Issue, ref?: ResourceRef) => void,
  flat?: (v: PlainObject) => { metadata: unknown; spec: unknown },
): Candidate | undefined {
  if (value === null || value === undefined) return undefined; // an empty document
  if (!isPlainObject(value)) {
    report(error([], "document must be a map with apiVersion and kind"));
    return undefined;
  }
  if (expandedSizeExceeds(value, MAX_DOCUMENT_VALUES)) {
    report(error([], `document too large (more than ${MAX_DOCUMENT_VALUES} values after alias expansion, or nested more than ${MAX_DEPTH} deep)`));
    return undefined;
  }
  const { apiVersion, kind } = value;
  if (typeof apiVersion !== "string" || apiVersion === "") return void report(error(["apiVersion"], "is required"));
  if (typeof kind !== "string" || kind === "") return void report(error(["kind"], "is required"));
  const cls = classifyKind(apiVersion, kind);
  const parts = flat ? flat(value) : { metadata: value.metadata, spec: bodyAsSpec(cls, value) };
  if ("reject" in cls) return void report(error([cls.field], cls.reject), refHint(kind, parts.metadata, defaultNamespace, origin));
  if ("ignore" in cls) return void report(warning(["kind"], cls.ignore), refHint(kind, parts.metadata, defaultNamespace, origin));
  const strayKeys = flat || cls.use === "EndpointSlice" || cls.use === "Secret" ? [] : Object.keys(value).filter((k) => !TOP_LEVEL_KEYS.has(k));
  return {
    kind: cls.use, apiVersion, ...parts, origin,
    ...(cls.note ? { note: cls.note } : {}),
    ...(strayKeys.length > 0 ? { strayKeys } : {}),
  };
}

function bodyAsSpec(cls: KindClass, value: PlainObject): unknown {
  if (!("use" in cls)) return value.spec;
  if (cls.use === "EndpointSlice") return sliceSpec(value);
  if (cls.use === "Secret") return secretSpec(value);
  return value.spec;
}

// A Secret keeps its data at the top level too. Only what TLS needs is carried on.
function secretSpec(value: PlainObject): PlainObject {
  const { type, data, stringData } = value;
  return { ...(type !== undefined ? { type } : {}), ...(data !== undefined ? { data } : {}), ...(stringData !== undefined ? { stringData } : {}) };
}

// An EndpointSlice keeps its data at the top level; the rest of the stage reads it as a spec.
function sliceSpec(value: PlainObject): PlainObject {
  const { addressType, endpoints, ports } = value;
  return { addressType, ...(endpoints !== undefined ? { endpoints } : {}), ...(ports !== undefined ? { ports } : {}) };
}

/** Names a resource we will not read, when its metadata allows, so the user can find it. */
function refHint(kind: string, metadata: unknown, defaultNamespace: string, origin: Origin): ResourceRef | undefined {
  if (!isPlainObject(metadata) || typeof metadata.name !== "string") return undefined;
  const namespace = typeof metadata.namespace === "string" ? metadata.namespace : defaultNamespace;
  return { kind, namespace, name: metadata.name, location: origin.location };
}
