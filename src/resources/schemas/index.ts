// The registry of supported kinds: each kind's spec schema (the single source of truth for
// field types and bounds) and the untyped fields whose shape is checked by hand.
import type { ShapeRule } from "../shapes.js";
import { hostSchema } from "./host.js";
import { listenerSchema } from "./listener.js";
import { mappingSchema } from "./mapping.js";
import { moduleSchema } from "./module.js";
import type { StructuralSchema } from "./schema-type.js";
import { serviceSchema } from "./service.js";
import { endpointSliceSchema } from "./endpoint-slice.js";
import { secretSchema } from "./secret.js";
import { tlsContextSchema } from "./tls-context.js";
import { consulResolverSchema, kubernetesResolverSchema } from "./resolver.js";

export type ResolverKind = "KubernetesServiceResolver" | "KubernetesEndpointResolver" | "ConsulResolver";
export type KindName = "Mapping" | "Host" | "Listener" | "Module" | "TLSContext" | "Service" | "Secret" | "EndpointSlice" | ResolverKind | "Ingress" | "IngressClass";

export interface KindSchema {
  readonly spec: StructuralSchema;
  readonly shapes: readonly ShapeRule[];
}

const ambassadorId: ShapeRule = { path: ["ambassador_id"], shape: "stringList" };

function corsRules(prefix: string[]): ShapeRule[] {
  return ["origins", "methods", "headers", "exposed_headers"].map((f) => ({
    path: [...prefix, "cors", f],
    shape: "commaList",
  }));
}

const healthCheckHttp = ["health_checks", "*", "health_check", "http"];

export const KIND_SCHEMAS: Readonly<Record<KindName, KindSchema>> = {
  Mapping: {
    spec: mappingSchema,
    shapes: [
      ambassadorId,
      { path: ["headers", "*"], shape: "stringOrTrue" },
      { path: ["query_parameters", "*"], shape: "stringOrTrue" },
      { path: ["add_request_headers", "*"], shape: "headerToAdd" },
      { path: ["add_response_headers", "*"], shape: "headerToAdd" },
      { path: ["remove_request_headers"], shape: "stringList" },
      { path: ["remove_response_headers"], shape: "stringList" },
      { path: [...healthCheckHttp, "add_request_headers", "*"], shape: "headerToAdd" },
      { path: [...healthCheckHttp, "remove_request_headers"], shape: "stringList" },
      ...corsRules([]),
    ],
  },
  Host: { spec: hostSchema, shapes: [ambassadorId] },
  Listener: { spec: listenerSchema, shapes: [ambassadorId] },
  Module: { spec: moduleSchema, shapes: [ambassadorId, ...corsRules(["config"])] },
  TLSContext: { spec: tlsContextSchema, shapes: [ambassadorId, { path: ["hosts"], shape: "stringList" }] },
  Service: { spec: serviceSchema, shapes: [] },
  Secret: { spec: secretSchema, shapes: [] },
  EndpointSlice: { spec: endpointSliceSchema, shapes: [] },
  KubernetesServiceResolver: { spec: kubernetesResolverSchema, shapes: [ambassadorId] },
  KubernetesEndpointResolver: { spec: kubernetesResolverSchema, shapes: [ambassadorId] },
  ConsulResolver: { spec: consulResolverSchema, shapes: [ambassadorId] },
  // Read by hand in ingress.ts (they become Mappings), never validated as resources themselves.
  Ingress: { spec: { type: "object", "x-kubernetes-preserve-unknown-fields": true }, shapes: [] },
  IngressClass: { spec: { type: "object", "x-kubernetes-preserve-unknown-fields": true }, shapes: [] },
};

export function isKindName(kind: string): kind is KindName {
  return Object.hasOwn(KIND_SCHEMAS, kind);
}

/** The whole object's schema, as a CRD's `openAPIV3Schema` would hold it. */
export function documentSchema(spec: StructuralSchema): StructuralSchema {
  return {
    type: "object",
    properties: {
      apiVersion: { type: "string" },
      kind: { type: "string" },
      metadata: { type: "object" },
      spec,
    },
  };
}
