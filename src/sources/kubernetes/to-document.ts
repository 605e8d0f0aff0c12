// A Kubernetes object as a SourceDocument: apiVersion/kind filled in (list items omit them),
// managedFields dropped (noise, and it changes on every write), status dropped for the kinds
// attache only reads the spec of. Kept in its object form; there is no text to point into.
import type { SourceDocument } from "../../core/source-document.js";
import type { ResourceType } from "./resource-types.js";
import type { KubeObject } from "./watch-decision.js";
import { isRecord } from "./watch-decision.js";

/** Every Kubernetes document's location: formatRef prints it as "(kubernetes)". */
const KUBERNETES_LOCATION = { file: "kubernetes", line: 0 } as const;

export interface StoredDocument {
  readonly document: SourceDocument;
  readonly uid: string;
  readonly resourceVersion: string;
  /** The cleaned value serialized: equal content means the same document. */
  readonly content: string;
}

function cleanObject(type: ResourceType, object: KubeObject): Record<string, unknown> {
  const { metadata, status: _status, apiVersion: _a, kind: _k, ...rest } = object;
  const { managedFields: _m, ...meta } = metadata ?? {};
  const value: Record<string, unknown> = { apiVersion: type.apiVersion, kind: type.kind, metadata: meta, ...rest };
  if (!type.stripStatus && object["status"] !== undefined) value["status"] = object["status"];
  return value;
}

/**
 * The stored document for `object`, reusing `previous` when nothing that matters changed: the
 * pipeline is incremental by document identity, so an unchanged object must stay the same object.
 */
export function toStoredDocument(type: ResourceType, object: KubeObject, previous: StoredDocument | undefined): StoredDocument {
  const uid = String(object.metadata?.uid ?? "");
  const resourceVersion = String(object.metadata?.resourceVersion ?? "");
  if (previous && previous.uid === uid && previous.resourceVersion === resourceVersion && resourceVersion !== "") return previous;
  const value = cleanObject(type, object);
  const content = JSON.stringify(withoutVersions(value));
  if (previous && previous.uid === uid && previous.content === content) return { ...previous, resourceVersion };
  return { document: Object.freeze({ value, location: KUBERNETES_LOCATION, text: "" }), uid, resourceVersion, content };
}

/** Without the counters a status write bumps (generation too, when a CRD has no status subresource). */
function withoutVersions(value: Record<string, unknown>): Record<string, unknown> {
  const metadata = value["metadata"];
  const { resourceVersion: _r, generation: _g, ...meta } = isRecord(metadata) ? metadata : {};
  return { ...value, metadata: meta };
}
