// Random manifests of every kind attache reads, for the resources-stage fuzz suite. Specs come
// from the kinds' schemas (random-values.ts); names come from a small pool so that duplicates,
// canary groups and Service references happen.
import type { SourceDocument } from "../../src/core/source-document.js";
import { KIND_SCHEMAS, type KindName } from "../../src/resources/schemas/index.js";
import { fieldPaths, Rng, valueFor, wildValue } from "./random-values.js";

const AMBASSADOR = "getambassador.io/v3alpha1";
const WEIGHTED: readonly [KindName, number][] = [
  ["Mapping", 8], ["Host", 2], ["Listener", 2], ["Module", 1], ["Service", 2], ["EndpointSlice", 1],
  ["KubernetesServiceResolver", 1], ["KubernetesEndpointResolver", 1], ["ConsulResolver", 1],
  ["Ingress", 1], ["IngressClass", 1],
];
const NAMES = ["quote", "api", "web", "s1", "s2", "endpoint"];

export const FUZZED_KINDS: readonly KindName[] = WEIGHTED.map(([k]) => k);

function pickKind(rng: Rng): KindName {
  let n = rng.int(WEIGHTED.reduce((a, [, w]) => a + w, 0));
  for (const [k, w] of WEIGHTED) if ((n -= w) < 0) return k;
  return "Mapping";
}

/** Every (kind, field path) pair, for batches that give each field its turn. */
export const FOCUS: readonly { readonly kind: KindName; readonly path: readonly string[] }[] = FUZZED_KINDS
  .filter((k) => k !== "Ingress" && k !== "IngressClass")
  .flatMap((kind) => fieldPaths(KIND_SCHEMAS[kind].spec).map((path) => ({ kind, path })));

export function randomDocument(rng: Rng, index: number, kind = pickKind(rng), focus: readonly string[] = []): SourceDocument {
  const name = kind === "Module" ? "ambassador" : rng.pick(NAMES);
  const metadata: Record<string, unknown> = { name, ...(rng.chance(0.2) ? { namespace: "other" } : {}) };
  let value: Record<string, unknown>;
  switch (kind) {
    case "Service":
      value = { apiVersion: "v1", kind, metadata, spec: valueFor(KIND_SCHEMAS.Service.spec, rng, 0, focus) };
      break;
    case "EndpointSlice":
      metadata.labels = { "kubernetes.io/service-name": rng.pick(NAMES) };
      value = { apiVersion: "discovery.k8s.io/v1", kind, metadata, ...(valueFor(KIND_SCHEMAS.EndpointSlice.spec, rng, 0, focus) as object) };
      break;
    case "Ingress":
      metadata.annotations = { "kubernetes.io/ingress.class": "ambassador" };
      value = { apiVersion: "networking.k8s.io/v1", kind, metadata, spec: ingressSpec(rng) };
      break;
    case "IngressClass":
      value = { apiVersion: "networking.k8s.io/v1", kind, metadata, spec: { controller: rng.chance(0.8) ? "getambassador.io/ingress-controller" : wildValue(rng) } };
      break;
    default:
      value = { apiVersion: AMBASSADOR, kind, metadata, spec: valueFor(KIND_SCHEMAS[kind].spec, rng, 0, focus) };
  }
  return { value, location: { file: `fuzz-${index}.yaml`, line: 1 }, text: "" };
}

function ingressSpec(rng: Rng): unknown {
  const path = (): unknown => ({
    path: rng.pick(["/", "/ing/", "/a\u0000b", "", "relative", rng.pick(["/x", "/y/"])]),
    pathType: rng.pick(["Prefix", "Exact", "ImplementationSpecific", "Bogus"]),
    backend: { service: { name: rng.pick(NAMES), port: rng.chance(0.7) ? { number: rng.pick([80, 0, 70000, 8080]) } : { name: "http" } } },
  });
  return {
    ...(rng.chance(0.2) ? { ingressClassName: rng.pick(NAMES) } : {}),
    rules: Array.from({ length: 1 + rng.int(2) }, () => ({
      ...(rng.chance(0.5) ? { host: rng.pick(["a.example.com", "*.example.com", "bad host", "x"]) } : {}),
      http: { paths: Array.from({ length: 1 + rng.int(2) }, path) },
    })),
  };
}
