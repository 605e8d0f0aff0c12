import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ObjectStore } from "../../../../src/sources/kubernetes/object-store.js";
import { WATCHED_TYPES } from "../../../../src/sources/kubernetes/resource-types.js";
import { toStoredDocument } from "../../../../src/sources/kubernetes/to-document.js";

const type = (kind: string) => WATCHED_TYPES.find((t) => t.kind === kind)!;
const mapping = (rv: string, extra: Record<string, unknown> = {}) => ({
  metadata: { name: "m", namespace: "n", uid: "u1", resourceVersion: rv, generation: 1, managedFields: [{ manager: "kubectl" }] },
  spec: { prefix: "/", service: "s" },
  ...extra,
});

describe("kubernetes objects as documents", () => {
  it("fills in apiVersion and kind, drops managedFields, and status for getambassador.io kinds only", () => {
    const m = toStoredDocument(type("Mapping"), mapping("1", { status: { state: "Running" } }), undefined).document;
    assert.deepEqual(m.value, { apiVersion: "getambassador.io/v3alpha1", kind: "Mapping", metadata: { name: "m", namespace: "n", uid: "u1", resourceVersion: "1", generation: 1 }, spec: { prefix: "/", service: "s" } });
    assert.deepEqual(m.location, { file: "kubernetes", line: 0 });
    assert.equal(m.text, "");
    const svc = toStoredDocument(type("Service"), { metadata: { name: "s", uid: "u2", resourceVersion: "3" }, spec: {}, status: { loadBalancer: {} } }, undefined).document;
    assert.equal((svc.value as any).apiVersion, "v1");
    assert.deepEqual((svc.value as any).status, { loadBalancer: {} });
  });

  it("the same uid and resourceVersion, or a status-only change, keeps the very same document", () => {
    const first = toStoredDocument(type("Mapping"), mapping("1"), undefined);
    assert.equal(toStoredDocument(type("Mapping"), mapping("1"), first), first);
    const statusWrite = toStoredDocument(type("Mapping"), { ...mapping("2", { status: { state: "Inactive" } }), metadata: { ...mapping("2").metadata, generation: 2 } }, first);
    assert.equal(statusWrite.document, first.document);
    assert.equal(statusWrite.resourceVersion, "2");
    const specChange = toStoredDocument(type("Mapping"), { ...mapping("3"), spec: { prefix: "/x/", service: "s" } }, statusWrite);
    assert.notEqual(specChange.document, first.document);
  });

  it("a recreated object (new uid, same content) is a new document", () => {
    const first = toStoredDocument(type("Mapping"), mapping("1"), undefined);
    const again = toStoredDocument(type("Mapping"), { ...mapping("1"), metadata: { ...mapping("1").metadata, uid: "u9" } }, first);
    assert.notEqual(again.document, first.document);
  });

  it("the store reports only real changes", () => {
    const store = new ObjectStore(type("Mapping"));
    assert.equal(store.replace([mapping("1")]), true);
    assert.equal(store.replace([mapping("1")]), false, "a relist with nothing new");
    assert.equal(store.upsert(mapping("2", { status: { state: "x" } })), false, "status only");
    assert.equal(store.upsert({ ...mapping("3"), spec: { prefix: "/y/", service: "s" } }), true);
    assert.equal(store.remove(mapping("4")), true);
    assert.equal(store.remove(mapping("4")), false);
    assert.equal(store.replace([]), false);
  });
});
