// Issue 16 item 8: with the running control plane's memory, ordinary edits never make a live
// route vanish: an invalid new version leaves the last valid one serving (and says so), until
// the resource is fixed or deleted; a duplicate-named newcomer does not take over a name.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Translator, translateDocuments } from "../../../src/pipeline/translate.js";
import type { SourceDocument } from "../../../src/core/source-document.js";

const mapping = (name: string, spec: Record<string, unknown>, file = `${name}.yaml`): SourceDocument => ({
  value: { apiVersion: "getambassador.io/v3alpha1", kind: "Mapping", metadata: { name, namespace: "default" }, spec },
  location: { file, line: 1 },
  text: "",
});
const prefixes = (t: ReturnType<Translator["translate"]>) => t.resources.mappings.map((m) => `${m.meta.ref.name}:${m.spec.prefix}:${m.meta.ref.location?.file}`);

test("an invalid edit keeps the last valid version serving, with a warning, until fixed or deleted", () => {
  const t = new Translator({ keepLastValid: true });
  t.translate([mapping("a", { prefix: "/a/", service: "s" }), mapping("b", { prefix: "/b/", service: "s" })]);
  const broken = t.translate([mapping("a", { prefix: "/a2/", service: "s", timeout_ms: -1 }), mapping("b", { prefix: "/b/", service: "s" })]);
  assert.deepEqual(prefixes(broken), ["a:/a/:a.yaml", "b:/b/:b.yaml"], "a keeps its last valid version");
  const about = broken.diagnostics.filter((d) => d.ref?.name === "a").map((d) => `${d.severity}: ${d.message}`);
  assert.equal(about.length, 2, about.join("\n"));
  assert.match(about.join("\n"), /error: must be >= 0/);
  assert.match(about.join("\n"), /warning: .*last valid version keeps serving/);
  const again = t.translate([mapping("a", { prefix: "/a2/", service: "s", timeout_ms: -1 }), mapping("b", { prefix: "/b/", service: "s" })]);
  assert.deepEqual(prefixes(again), prefixes(broken), "and keeps doing so");
  const fixed = t.translate([mapping("a", { prefix: "/a3/", service: "s" }), mapping("b", { prefix: "/b/", service: "s" })]);
  assert.deepEqual(prefixes(fixed), ["a:/a3/:a.yaml", "b:/b/:b.yaml"]);
  t.translate([mapping("a", { prefix: "/a3/", service: "s", timeout_ms: -1 }), mapping("b", { prefix: "/b/", service: "s" })]);
  const deleted = t.translate([mapping("b", { prefix: "/b/", service: "s" })]);
  assert.deepEqual(prefixes(deleted), ["b:/b/:b.yaml"], "deleting it removes it");
});

test("a one-shot translation has no memory: the invalid version is simply left out", () => {
  const r = translateDocuments([mapping("a", { prefix: "/a2/", service: "s", timeout_ms: -1 })]);
  assert.deepEqual(r.resources.mappings, []);
});

test("a duplicate-named newcomer in another file does not take over the live name", () => {
  const t = new Translator({ keepLastValid: true });
  const live = mapping("a", { prefix: "/zzz-live/", service: "s" }, "live.yaml");
  t.translate([live]);
  // The newcomer's content sorts first, so without memory it would win.
  const next = t.translate([live, mapping("a", { prefix: "/aaa-new/", service: "s" }, "new.yaml")]);
  assert.deepEqual(prefixes(next), ["a:/zzz-live/:live.yaml"]);
  const err = next.diagnostics.find((d) => d.severity === "error");
  assert.equal(err?.location?.file ?? err?.ref?.location?.file, "new.yaml");
  assert.match(err?.message ?? "", /already serving and keeps the name/);
  assert.deepEqual(prefixes(translateDocuments([live, mapping("a", { prefix: "/aaa-new/", service: "s" }, "new.yaml")])), ["a:/aaa-new/:new.yaml"], "without memory, content decides");
});
