// The objects of one list+watch scope, as stored documents keyed by namespace/name.
import type { ResourceType } from "./resource-types.js";
import { toStoredDocument, type StoredDocument } from "./to-document.js";
import type { KubeObject } from "./watch-decision.js";

export class ObjectStore {
  private readonly byKey = new Map<string, StoredDocument>();

  constructor(readonly type: ResourceType) {}

  /** Each returns whether a document was added, replaced or removed. */
  replace(objects: readonly KubeObject[]): boolean {
    const next = new Map<string, StoredDocument>();
    for (const o of objects) next.set(keyOf(o), toStoredDocument(this.type, o, this.byKey.get(keyOf(o))));
    let changed = next.size !== this.byKey.size;
    for (const [k, d] of next) if (this.byKey.get(k)?.document !== d.document) changed = true;
    this.byKey.clear();
    for (const [k, d] of next) this.byKey.set(k, d);
    return changed;
  }

  upsert(object: KubeObject): boolean {
    const key = keyOf(object);
    const previous = this.byKey.get(key);
    const stored = toStoredDocument(this.type, object, previous);
    this.byKey.set(key, stored);
    return stored.document !== previous?.document;
  }

  remove(object: KubeObject): boolean {
    return this.byKey.delete(keyOf(object));
  }

  /** Objects held. */
  get size(): number {
    return this.byKey.size;
  }

  documents(): Iterable<StoredDocument> {
    return this.byKey.values();
  }
}

function keyOf(o: KubeObject): string {
  return `${o.metadata?.namespace ?? ""}/${o.metadata?.name ?? ""}`;
}
