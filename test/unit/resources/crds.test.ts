// deploy/crds.yaml is generated from the schemas attache validates with: the committed file
// must match the generator, every reference kind must be there, and the served kinds' CRD
// schemas must be the very objects the resources stage uses.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import jsYaml from "js-yaml";
import { crdsYaml } from "../../../src/cli/crds.js";
import { CRD_KINDS } from "../../../src/resources/crd/crd-kinds.js";
import { buildCrds, crdSpecSchema, pluralOf, type CustomResourceDefinition } from "../../../src/resources/crd/crds.js";
import { compileSchema } from "../../../src/resources/schema-validator.js";
import { KIND_SCHEMAS } from "../../../src/resources/schemas/index.js";
import type { StructuralSchema } from "../../../src/resources/schemas/schema-type.js";

const REPO_ROOT = fileURLToPath(new URL("../../../../", import.meta.url));
const REFERENCE_KINDS = [
  "Mapping", "Host", "Listener", "Module", "TLSContext", "TCPMapping", "AuthService",
  "RateLimitService", "LogService", "TracingService", "KubernetesServiceResolver",
  "KubernetesEndpointResolver", "ConsulResolver",
];

const crds = buildCrds();
const byKind = new Map(crds.map((c) => [c.spec.names.kind, c]));
const version = (c: CustomResourceDefinition) => c.spec.versions[0];
const specOf = (kind: string) => {
  const root = version(byKind.get(kind)!).schema.openAPIV3Schema;
  return root.properties?.spec as StructuralSchema;
};

describe("CRDs", () => {
  it("deploy/crds.yaml is what the generator prints (else: npm run crds:update)", () => {
    const committed = readFileSync(`${REPO_ROOT}deploy/crds.yaml`, "utf8");
    assert.equal(committed, crdsYaml(crds), "deploy/crds.yaml is stale: run `npm run crds:update`");
  });

  it("the YAML reads back as the generated objects, with no anchors", () => {
    const text = crdsYaml(crds);
    assert.doesNotMatch(text, /[&*]ref_\d/);
    assert.deepEqual(jsYaml.loadAll(text), JSON.parse(JSON.stringify(crds)));
    assert.equal(crdsYaml(buildCrds()), text, "two runs give the same bytes");
  });

  it("covers every getambassador.io/v3alpha1 kind of the reference, each once", () => {
    assert.deepEqual([...byKind.keys()].sort(), [...REFERENCE_KINDS].sort());
    assert.equal(crds.length, REFERENCE_KINDS.length);
  });

  it("names follow the convention the Kubernetes source and status writer rely on", () => {
    for (const c of crds) {
      const kind = c.spec.names.kind;
      assert.equal(c.spec.names.plural, `${kind.toLowerCase()}s`);
      assert.equal(c.metadata.name, `${pluralOf(kind)}.getambassador.io`);
      assert.equal(c.spec.group, "getambassador.io");
      assert.equal(c.spec.scope, "Namespaced");
      assert.deepEqual(c.spec.versions.map((v) => v.name), ["v3alpha1"]);
      assert.ok(c.spec.names.categories.includes("ambassador-crds"));
    }
    const shortNames = crds.flatMap((c) => c.spec.names.shortNames ?? []);
    assert.equal(new Set(shortNames).size, shortNames.length, "short names are unique");
  });

  it("every kind has the status subresource with metav1-style conditions", () => {
    for (const c of crds) {
      const v = version(c);
      assert.deepEqual(v.subresources, { status: {} }, c.metadata.name);
      const status = v.schema.openAPIV3Schema.properties?.status;
      const conditions = status?.properties?.conditions;
      assert.equal(conditions?.["x-kubernetes-list-type"], "map");
      assert.deepEqual(conditions?.["x-kubernetes-list-map-keys"], ["type"]);
      assert.deepEqual(
        [...(conditions?.items?.required ?? [])].sort(),
        ["lastTransitionTime", "message", "reason", "status", "type"],
      );
      assert.deepEqual(conditions?.items?.properties?.status?.enum, ["True", "False", "Unknown"]);
    }
  });

  it("served kinds carry exactly the schema the resources stage validates with", () => {
    const served = REFERENCE_KINDS.filter((k) => k in KIND_SCHEMAS);
    for (const k of ["Mapping", "Host", "Listener", "Module"]) assert.ok(served.includes(k), `${k} is validated by attache`);
    for (const kind of served) {
      assert.equal(specOf(kind), KIND_SCHEMAS[kind as keyof typeof KIND_SCHEMAS].spec, kind);
    }
  });

  it("a spec with required fields is itself required", () => {
    assert.deepEqual(version(byKind.get("Mapping")!).schema.openAPIV3Schema.required, ["spec"]);
    assert.equal(version(byKind.get("Module")!).schema.openAPIV3Schema.required, undefined);
  });

  it("Mapping lists prefix, service and state in kubectl get", () => {
    const columns = version(byKind.get("Mapping")!).additionalPrinterColumns;
    const paths = new Map(columns.map((c) => [c.name, c.jsonPath]));
    assert.equal(paths.get("Prefix"), ".spec.prefix");
    assert.equal(paths.get("Service"), ".spec.service");
    assert.equal(paths.get("State"), ".status.state");
    assert.equal(paths.get("Accepted"), '.status.conditions[?(@.type=="Accepted")].status');
  });

  it("every spec column points at a field of the kind's schema", () => {
    for (const k of CRD_KINDS) {
      const spec = crdSpecSchema(k);
      for (const col of k.columns.filter((c) => c.jsonPath.startsWith(".spec."))) {
        const field = col.jsonPath.slice(".spec.".length);
        assert.ok(spec.properties?.[field], `${k.kind} column ${col.name}: no spec.${field}`);
      }
    }
  });
});

describe("schemas of the kinds attache does not serve yet", () => {
  const check = (kind: string, spec: unknown) => compileSchema(specOf(kind))(spec);

  it("accept the fields the reference lists", () => {
    assert.ok(check("TLSContext", { hosts: ["a.example"], secret: "s", min_tls_version: "v1.2", alpn_protocols: "h2", cert_required: true }));
    assert.ok(check("TCPMapping", { port: 9000, service: "db:5432", host: "db.example", idle_timeout_ms: 1000 }));
    assert.ok(check("AuthService", { auth_service: "auth:3000", proto: "grpc", protocol_version: "v3", include_body: { max_bytes: 4096, allow_partial: true }, status_on_error: { code: 503 } }));
    assert.ok(check("RateLimitService", { service: "rl:8081", protocol_version: "v3", grpc: { use_resource_exhausted_code: true } }));
    assert.ok(check("LogService", { service: "als:9001", driver: "http", driver_config: { additional_log_headers: [{ header_name: "x-id", during_request: true }] } }));
    assert.ok(check("TracingService", { driver: "zipkin", service: "zipkin:9411", sampling: { overall: 10 }, custom_tags: [{ tag: "t", literal: { value: "v" } }], config: { collector_endpoint: "/api/v2/spans" } }));
  });

  it("refuse wrong types and missing required fields", () => {
    assert.equal(check("TCPMapping", { service: "db:5432" }), false, "port is required");
    assert.equal(check("TCPMapping", { port: "9000", service: "db" }), false);
    assert.equal(check("AuthService", { path_prefix: "/x" }), false, "auth_service is required");
    assert.equal(check("LogService", { service: "als", driver: "udp" }), false);
    assert.equal(check("TracingService", { driver: "jaeger", service: "j" }), false);
    assert.equal(check("TLSContext", { min_tls_version: "1.2" }), false);
  });
});
