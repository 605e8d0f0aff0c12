// ambassador_id filtering, Service annotations, duplicates and Module selection.
import assert from "node:assert/strict";
import { test } from "node:test";
import { build, lines, mapping } from "./helpers.js";

const withId = (name: string, id: string | undefined): string =>
  mapping(name, `  prefix: /${name}/\n  service: s${id === undefined ? "" : `\n  ambassador_id: ${id}`}`);

test("ambassador_id: absent means default, lists and _automatic_ match, others are dropped silently", () => {
  const text = [
    withId("none", undefined),
    withId("default-string", "default"),
    withId("default-in-list", "[other, default]"),
    withId("automatic", "[_automatic_]"),
    withId("other", "other"),
    withId("others", "[a, b]"),
  ].join("\n---\n");
  const rs = build(text);
  assert.deepEqual(rs.mappings.map((m) => m.meta.ref.name), ["automatic", "default-in-list", "default-string", "none"]);
  assert.deepEqual(rs.diagnostics, []);
  assert.deepEqual(rs.otherInstances?.map((r) => r.name), ["other", "others"]);
});

test("ambassador_id: another instance id selects other resources", () => {
  const text = [withId("none", undefined), withId("blue", "blue"), withId("automatic", "_automatic_")].join("\n---\n");
  const rs = build(text, { ambassadorId: "blue" });
  assert.deepEqual(rs.mappings.map((m) => m.meta.ref.name), ["automatic", "blue"]);
});

test("ambassador_id: a malformed value is reported, not silently dropped", () => {
  const rs = build(withId("bad", "{a: b}"));
  assert.deepEqual(lines(rs.diagnostics), [
    "error: Mapping default/bad (test.yaml:8): spec.ambassador_id: must be a string or a list of strings",
  ]);
});

const annotated = `apiVersion: v1
kind: Service
metadata:
  name: quote
  namespace: shop
  annotations:
    getambassador.io/config: |
      apiVersion: getambassador.io/v3alpha1
      kind: Mapping
      name: quote-mapping
      prefix: /quote/
      service: quote.shop:80
      ---
      apiVersion: getambassador.io/v2
      kind: Mapping
      prefix: /legacy/
      service: quote
      metadata_labels: {team: shop}
      ---
      apiVersion: getambassador.io/v3alpha1
      kind: Host
      name: shop-host
      namespace: edge
      hostname: shop.example.com
      ---
      apiVersion: getambassador.io/v3alpha1
      kind: Mapping
      name: broken
      prefix: nope
      service: quote
      ---
      apiVersion: getambassador.io/v3alpha1
      kind: Mapping
      name: elsewhere
      prefix: /x/
      service: quote
      ambassador_id: [other]
spec:
  ports: [{port: 80}]
`;

test("annotation: flat resources are expanded and validated like any other", () => {
  const rs = build(annotated);
  assert.deepEqual(rs.mappings.map((m) => `${m.meta.ref.namespace}/${m.meta.ref.name}`), ["shop/quote", "shop/quote-mapping"]);
  const legacy = rs.mappings.find((m) => m.meta.ref.name === "quote");
  assert.deepEqual(legacy?.meta.labels, { team: "shop" });
  assert.deepEqual(legacy?.meta.ref.location, { file: "test.yaml", line: 1 }, "location is the Service's");
  assert.equal(rs.mappings[1]?.spec.prefix, "/quote/");
  assert.deepEqual(rs.hosts.map((h) => `${h.meta.ref.namespace}/${h.meta.ref.name}:${h.spec.hostname}`), ["edge/shop-host:shop.example.com"]);
  assert.equal(rs.services.length, 1);
  assert.deepEqual(rs.otherInstances?.map((r) => r.name), ["elsewhere"]);
  assert.deepEqual(lines(rs.diagnostics), [
    "warning: Mapping shop/quote (test.yaml:14): apiVersion: getambassador.io/v2 is read as getambassador.io/v3alpha1; please migrate (in the getambassador.io/config annotation of Service shop/quote)",
    "error: Mapping shop/broken (test.yaml:29): spec.prefix: must start with \"/\" (or set prefix_regex: true) (in the getambassador.io/config annotation of Service shop/quote)",
  ]);
});

test("annotation: field lines are found inside a literal block; quoted annotations fall back to the Service", () => {
  const body = "apiVersion: getambassador.io/v3alpha1\nkind: Mapping\nname: m\nprefix: /\nservice: s\ntimeout_ms: -5";
  const quoted = `apiVersion: v1\nkind: Service\nmetadata:\n  name: q\n  annotations:\n    getambassador.io/config: ${JSON.stringify(body)}\nspec: {}`;
  const rsQuoted = build(quoted);
  assert.deepEqual(rsQuoted.diagnostics.map((d) => [d.field, d.location?.line]), [["spec.timeout_ms", 1]]);
  const block = `apiVersion: v1\nkind: Service\nmetadata:\n  name: b\n  annotations:\n    getambassador.io/config: |\n${body.split("\n").map((l) => `      ${l}`).join("\n")}\nspec: {}`;
  const rsBlock = build(block);
  assert.deepEqual(rsBlock.diagnostics.map((d) => [d.field, d.location?.line, d.ref?.location?.line]), [["spec.timeout_ms", 12, 1]]);
});

test("annotation: broken YAML in one document leaves the others", () => {
  const text = `apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n  annotations:\n    getambassador.io/config: |\n      kind: [unclosed\n      ---\n      apiVersion: getambassador.io/v3alpha1\n      kind: Mapping\n      prefix: /ok/\n      service: s\nspec: {}`;
  const rs = build(text);
  assert.deepEqual(rs.mappings.map((m) => m.spec.prefix), ["/ok/"]);
  assert.deepEqual(rs.diagnostics.map((d) => [d.field, d.location?.line, d.message]), [
    ["metadata.annotations.getambassador.io/config", 7, "invalid YAML: unexpected end of the stream within a flow collection (in the getambassador.io/config annotation of Service default/s)"],
  ]);
});

test("annotation: broken YAML is an error on the Service, which is still served", () => {
  const text = `apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n  annotations:\n    getambassador.io/config: "kind: [unclosed"\nspec: {}`;
  const rs = build(text);
  assert.equal(rs.services.length, 1);
  assert.equal(rs.diagnostics.length, 1);
  assert.equal(rs.diagnostics[0]?.field, "metadata.annotations.getambassador.io/config");
  assert.match(rs.diagnostics[0]?.message ?? "", /^invalid YAML: .* \(line 1 of the annotation document\)/);
  assert.equal(rs.diagnostics[0]?.location?.line, 1);
});

test("duplicates: differing copies are errors; the winner does not depend on file order", () => {
  const first = mapping("dup", "  prefix: /first/\n  service: s");
  const second = mapping("dup", "  prefix: /second/\n  service: s");
  const forward = build([first, second].join("\n---\n"));
  const backward = build([second, first].join("\n---\n"));
  assert.deepEqual(forward.mappings.map((m) => m.spec.prefix), ["/first/"]);
  assert.deepEqual(backward.mappings.map((m) => m.spec.prefix), ["/first/"]);
  assert.deepEqual(lines(forward.diagnostics), [
    "error: Mapping default/dup (test.yaml:12): metadata.name: duplicate of Mapping default/dup (test.yaml:1), which is used (of differing copies, the one whose content sorts first wins, whatever the file order)",
  ]);
  assert.deepEqual(lines(backward.diagnostics), [
    "error: Mapping default/dup (test.yaml:4): metadata.name: duplicate of Mapping default/dup (test.yaml:9), which is used (of differing copies, the one whose content sorts first wins, whatever the file order)",
  ]);
});

test("duplicates: identical copies are a warning", () => {
  const copy = mapping("dup", "  prefix: /same/\n  service: s");
  const rs = build([copy, copy.replace("  prefix: /same/\n  service: s", "  service: s\n  prefix: /same/")].join("\n---\n"));
  assert.equal(rs.mappings.length, 1);
  assert.deepEqual(lines(rs.diagnostics), [
    "warning: Mapping default/dup (test.yaml:12): metadata.name: identical copy of Mapping default/dup (test.yaml:1) (ignored)",
  ]);
});

test("duplicates: same name in another namespace or of another kind is fine", () => {
  const text = [
    mapping("same", "  prefix: /a/\n  service: s"),
    "apiVersion: getambassador.io/v3alpha1\nkind: Mapping\nmetadata: {name: same, namespace: other}\nspec: {prefix: /b/, service: s}",
    "apiVersion: getambassador.io/v3alpha1\nkind: Host\nmetadata: {name: same}\nspec: {}",
  ].join("\n---\n");
  const rs = build(text);
  assert.equal(rs.mappings.length, 2);
  assert.equal(rs.hosts.length, 1);
  assert.deepEqual(rs.diagnostics, []);
});

test("listener port conflict: the Listener first by namespace/name keeps the port", () => {
  const l = (name: string, port: number): string =>
    `apiVersion: getambassador.io/v3alpha1\nkind: Listener\nmetadata: {name: ${name}}\nspec:\n  port: ${port}\n  protocol: HTTP\n  securityModel: XFP`;
  const rs = build([l("c", 8080), l("b", 8443), l("a", 8080)].join("\n---\n"));
  assert.deepEqual(rs.listeners.map((x) => x.meta.ref.name), ["a", "b"]);
  assert.deepEqual(lines(rs.diagnostics), [
    "error: Listener default/c (test.yaml:5): spec.port: port is already used by Listener default/a (test.yaml:17) (the first by namespace/name keeps it)",
  ]);
});

test("modules: only `ambassador` is used, and only once", () => {
  const mod = (name: string, ns: string, hops: number): string =>
    `apiVersion: getambassador.io/v3alpha1\nkind: Module\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n  config: {xff_num_trusted_hops: ${hops}}`;
  const rs = build([mod("tls", "default", 1), mod("ambassador", "b", 3), mod("ambassador", "a", 2)].join("\n---\n"));
  assert.equal(rs.module?.config.xff_num_trusted_hops, 2);
  assert.deepEqual(lines(rs.diagnostics), [
    "warning: Module default/tls (test.yaml:3): metadata.name: only the Module named \"ambassador\" is used (ignored)",
    "error: Module b/ambassador (test.yaml:9): metadata.name: only one Module \"ambassador\" is allowed; Module a/ambassador (test.yaml:13) is used (the first by namespace)",
  ]);
});

test("ordinary Kubernetes kinds are ignored with a warning; empty documents silently", () => {
  const rs = build("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\n---\n# just a comment\n---\n");
  assert.deepEqual(lines(rs.diagnostics), [
    "warning: Deployment default/d (test.yaml:2): kind: kind Deployment (apps/v1) is not used by attache (ignored)",
  ]);
});

test("Host: deprecated selector becomes mappingSelector with a warning", () => {
  const rs = build("apiVersion: getambassador.io/v3alpha1\nkind: Host\nmetadata: {name: h}\nspec:\n  selector:\n    matchLabels: {a: b}");
  assert.deepEqual(rs.hosts[0]?.spec.mappingSelector, { matchLabels: { a: "b" } });
  assert.equal(rs.hosts[0]?.spec.selector, undefined);
  assert.deepEqual(lines(rs.diagnostics), ["warning: Host default/h (test.yaml:5): spec.selector: deprecated; use mappingSelector"]);
});

test("annotation: a YAML alias bomb is refused without being expanded", () => {
  const bomb = [
    "apiVersion: getambassador.io/v3alpha1", "kind: Mapping", "prefix: /", "service: s",
    "a: &a [x, x, x, x, x, x, x, x, x, x]",
    ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(", ")}]`),
  ].join("\n");
  const text = `apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n  annotations:\n    getambassador.io/config: ${JSON.stringify(bomb)}\nspec: {}`;
  const start = performance.now();
  const rs = build(text);
  assert.ok(performance.now() - start < 2000);
  assert.equal(rs.mappings.length, 0);
  assert.equal(rs.diagnostics.length, 1);
  assert.match(rs.diagnostics[0]?.message ?? "", /document too large \(more than 100000 values after alias expansion/);
  assert.equal(rs.diagnostics[0]?.ref?.name, "s");
});

test("the Module's regex_max_size sets the RE2 program size limit for Mappings", () => {
  // About 138 instructions: under the default limit of 200.
  const regex = mapping("r", "  prefix: \"/(aaaaaaaaaa|bbbbbbbbbb|cccccccccc)/x{100}\"\n  prefix_regex: true\n  service: s");
  const module = (max: number): string =>
    `apiVersion: getambassador.io/v3alpha1\nkind: Module\nmetadata: {name: ambassador}\nspec: {config: {regex_max_size: ${max}}}`;
  assert.equal(build(regex).mappings.length, 1);
  const strict = build(`${regex}\n---\n${module(100)}`);
  assert.equal(strict.mappings.length, 0);
  assert.deepEqual(strict.diagnostics.map((d) => d.field), ["spec.prefix"]);
  assert.match(strict.diagnostics[0]?.message ?? "", /at least \d+, over regex_max_size 100/);
  assert.equal(build(`${module(100)}\n---\n${regex}`).mappings.length, 0, "document order does not matter");
  assert.equal(build(`${regex}\n---\n${module(1000)}`).mappings.length, 1);
});
