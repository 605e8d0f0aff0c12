// The diagnostics page's data from a real control plane fed real manifests: routes in Envoy's
// order with their sources and weights, resources valid and invalid with their state, a page per
// resource (source, IR, Envoy resources), paging and filters, cluster health from Envoy's admin
// JSON, reconfiguration timings, and no credential anywhere.
import { test } from "node:test";
import assert from "node:assert/strict";
import { parseManifestText } from "../../../src/sources/directory/manifest-parser.js";
import { ControlPlane } from "../../../src/runtime/control-plane.js";
import { XdsCache } from "../../../src/xds/cache.js";
import { silentLogger } from "../../../src/util/logger.js";
import { DiagModel } from "../../../src/diag/view/model.js";
import { parseClusterHealth } from "../../../src/diag/view/clusters.js";
import { redactSecrets } from "../../../src/diag/redact.js";

const PLANTED = "planted-credential-0c1d";

const YAML = `
apiVersion: getambassador.io/v3alpha1
kind: Mapping
metadata: { name: short, namespace: default }
spec: { prefix: /a/, service: "127.0.0.1:9001" }
---
apiVersion: getambassador.io/v3alpha1
kind: Mapping
metadata: { name: long, namespace: default }
spec: { prefix: /a/longer/, service: "127.0.0.1:9002" }
---
apiVersion: getambassador.io/v3alpha1
kind: Mapping
metadata: { name: canary, namespace: default }
spec: { prefix: /a/longer/, service: "127.0.0.1:9003", weight: 10 }
---
apiVersion: getambassador.io/v3alpha1
kind: Mapping
metadata: { name: secret-headers, namespace: default }
spec:
  prefix: /private/
  service: "127.0.0.1:9004"
  headers: { authorization: "Bearer ${PLANTED}", x-env: prod }
  add_request_headers: { x-api-key: "${PLANTED}" }
---
apiVersion: getambassador.io/v3alpha1
kind: Mapping
metadata: { name: broken, namespace: default }
spec: { prefix: /b/, service: "127.0.0.1:9005", timeout_ms: -1 }
`;

function model() {
  const plane = new ControlPlane(new XdsCache(), {}, silentLogger);
  const parsed = parseManifestText("m.yaml", YAML);
  plane.apply({ generation: 1, documents: parsed.documents, diagnostics: [] });
  const health = new Map([["cluster_127_0_0_1_9001", new Map([["127.0.0.1:9001", "HEALTHY"]])]]);
  return new DiagModel({ read: () => ({ last: plane.lastResult(), status: plane.status(), nodes: [] }), endpointHealth: async () => health });
}

test("routes come in Envoy's order with match, source file:line and weighted targets", () => {
  const page = model().routePage({});
  assert.deepEqual(page.rows.map((r) => r.match), ["prefix /a/longer/", "prefix /private/ · header authorization = [redacted] · header x-env = prod", "prefix /a/"]);
  const canary = page.rows[0]!;
  assert.deepEqual(canary.targets.map((t) => t.weight).sort((a, b) => a - b), [10, 90]);
  assert.deepEqual(canary.sources.map((s) => `${s.key} ${s.at}`).sort(), ["Mapping/default/canary m.yaml:12", "Mapping/default/long m.yaml:7"]);
});

test("filters and pages: counts before and after the filter, offset and limit", () => {
  const m = model();
  const p = m.routePage({ q: "LONGER", limit: 1 });
  assert.equal(p.total, 3);
  assert.equal(p.matched, 1);
  assert.equal(m.routePage({ limit: 1, offset: 2 }).rows[0]?.match, "prefix /a/");
  assert.equal(m.routePage({ q: "m.yaml:12" }).matched, 1, "file:line is searchable");
});

test("every resource with its state: the invalid one with its error, by kind in the overview", () => {
  const m = model();
  const errors = m.resourcePage({ state: "error" });
  assert.deepEqual(errors.rows.map((r) => r.name), ["broken"]);
  assert.match(errors.rows[0]!.errors[0]!, /^spec\.timeout_ms: /);
  const o = m.overview();
  assert.deepEqual(o.counts, [{ kind: "Mapping", ok: 4, warning: 0, error: 1 }]);
  assert.equal(o.totals.routes, 3);
  const r = o.reconfigurations[0] as { ms: Record<string, number>; published: boolean };
  assert.equal(r.published, true);
  for (const stage of ["resources", "ir", "envoy", "encode", "total"]) assert.equal(typeof r.ms[stage], "number", stage);
});

test("a resource's page: its source, what it became in the IR, the Envoy resources it produced", () => {
  const d = model().resource("Mapping/default/canary");
  assert.ok(d);
  assert.match(d.source ?? "", /weight: 10/);
  assert.equal(d.ir.routes?.length, 1);
  assert.equal(d.ir.clusters?.length, 1);
  const types = d.envoy.map((e) => e.type);
  assert.deepEqual(types, ["RouteConfiguration", "Cluster", "ClusterLoadAssignment"]);
  assert.equal(d.envoy[0]!.routes?.length, 1);
  assert.equal(model().resource("Mapping/default/nope"), undefined);
});

test("no planted credential in any section, the full JSON or a resource's page", async () => {
  const m = model();
  const all = JSON.stringify(redactSecrets([m.overview(), m.routePage({}), m.resourcePage({}), await m.full(), m.resource("Mapping/default/secret-headers")]));
  assert.ok(!all.includes(PLANTED), "planted credential leaked");
  assert.match(all, /x-env/);
});

test("cluster endpoints carry Envoy's health; Envoy's admin JSON is parsed defensively", async () => {
  const clusters = await model().clusters();
  const c = clusters.find((x) => x.name === "cluster_127_0_0_1_9001");
  assert.deepEqual(c?.endpoints, [{ address: "127.0.0.1:9001", health: "HEALTHY" }]);
  const parsed = parseClusterHealth(JSON.stringify({
    cluster_statuses: [
      { name: "a", host_statuses: [{ address: { socket_address: { address: "10.0.0.1", port_value: 80 } }, health_status: { eds_health_status: "HEALTHY", failed_outlier_check: true } }] },
      { name: "b", host_statuses: [{ address: { pipe: { path: "/x" } } }] },
      { nothing: true },
    ],
  }));
  assert.deepEqual([...parsed.get("a")!], [["10.0.0.1:80", "UNHEALTHY (outlier_check)"]]);
  assert.equal(parsed.get("b")?.size, 0);
});

test("a Kubernetes object's source: no managedFields, no kubectl copy, Ambassador's annotation redacted", () => {
  const plane = new ControlPlane(new XdsCache(), {}, silentLogger);
  const annotation = `apiVersion: getambassador.io/v3alpha1\nkind: Mapping\nname: from-annotation\nprefix: /ann/\nservice: svc\nadd_request_headers:\n  authorization: "Bearer ${PLANTED}"\n`;
  const service = {
    apiVersion: "v1", kind: "Service",
    metadata: {
      name: "svc", namespace: "default", managedFields: [{ manager: "kubectl" }],
      annotations: { "getambassador.io/config": annotation, "kubectl.kubernetes.io/last-applied-configuration": `{"token":"${PLANTED}"}` },
    },
    spec: { ports: [{ port: 80 }] },
  };
  plane.apply({ generation: 1, documents: [{ value: service, location: { file: "kubernetes", line: 0 }, text: "" }], diagnostics: [] });
  const m = new DiagModel({ read: () => ({ last: plane.lastResult(), status: plane.status(), nodes: [] }) });
  const d = m.resource("Service/default/svc");
  assert.ok(d?.source);
  assert.ok(!d.source.includes(PLANTED), d.source);
  assert.doesNotMatch(d.source, /managedFields/);
  assert.match(d.source, /prefix: \/ann\//);
  assert.match(d.source, /not shown: the copy kubectl keeps/);
});
