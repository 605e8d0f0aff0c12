// Endpoint churn must reach Envoy through EDS alone: a changed EndpointSlice leaves clusters,
// routes and listeners byte-identical and changes only the ClusterLoadAssignment.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Translator } from "../../../src/pipeline/translate.js";
import { ResourceEncoder } from "../../../src/envoy/encode.js";
import { TYPE_URLS } from "../../../src/xds/resource-types.js";
import { buildSnapshot } from "../../../src/xds/snapshot.js";
import { parseManifestText } from "../../../src/sources/directory/manifest-parser.js";

const base = `apiVersion: getambassador.io/v3alpha1
kind: KubernetesEndpointResolver
metadata: {name: endpoint}
---
apiVersion: getambassador.io/v3alpha1
kind: Mapping
metadata: {name: quote}
spec: {prefix: /q/, service: quote, resolver: endpoint}
---
apiVersion: v1
kind: Service
metadata: {name: quote}
spec: {ports: [{name: http, port: 80, targetPort: 8080}]}
`;

const slice = (addresses: string[]) => `apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: quote-1, labels: {kubernetes.io/service-name: quote}}
addressType: IPv4
ports: [{name: http, port: 8080}]
endpoints: [${addresses.map((a) => `{addresses: [${a}]}`).join(", ")}]
`;

test("an EndpointSlice change updates only EDS", () => {
  const translator = new Translator();
  const encoder = new ResourceEncoder();
  const docs = (addresses: string[]) => [
    ...parseManifestText("base.yaml", base).documents,
    ...parseManifestText("slice.yaml", slice(addresses)).documents,
  ];
  const before = buildSnapshot(1, translator.translate(docs(["10.0.0.1"])).config, encoder);
  const after = buildSnapshot(2, translator.translate(docs(["10.0.0.1", "10.0.0.2"])).config, encoder);
  for (const type of [TYPE_URLS.cluster, TYPE_URLS.route, TYPE_URLS.listener]) {
    assert.equal(after.types[type]?.version, before.types[type]?.version, `${type} changed`);
  }
  assert.notEqual(after.types[TYPE_URLS.endpoint]?.version, before.types[TYPE_URLS.endpoint]?.version);
  const cla = [...(after.types[TYPE_URLS.endpoint]?.resources.values() ?? [])];
  assert.equal(cla.length, 1);
  assert.equal(cla[0]?.name, "cluster_quote_default_80_eds");
});
