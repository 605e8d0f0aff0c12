// The `status` schema shared by every attache CRD: standard conditions (metav1.Condition, so
// `kubectl wait --for=condition=Accepted` works) plus Emissary's Mapping `state`/`reason`.
// Other keys are kept, so a newer attache can add status fields without a CRD change.
import type { StructuralSchema } from "../schemas/schema-type.js";

/** A structural schema node plus the CRD-only annotations that attache's validator never needs. */
export type CrdSchema = Omit<StructuralSchema, "properties" | "items"> & {
  readonly properties?: Readonly<Record<string, CrdSchema>>;
  readonly items?: CrdSchema;
  readonly format?: "date-time" | "int64";
  readonly "x-kubernetes-list-type"?: "map" | "set" | "atomic";
  readonly "x-kubernetes-list-map-keys"?: readonly string[];
};

// Bounds and patterns as in k8s.io/apimachinery's metav1.Condition.
const condition: CrdSchema = {
  type: "object",
  description: "One aspect of the resource's current state (metav1.Condition).",
  properties: {
    type: {
      type: "string",
      description: "Accepted (attache's own verdict) or Programmed (Envoy's verdict), ...",
      maxLength: 316,
      pattern: "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$",
    },
    status: { type: "string", enum: ["True", "False", "Unknown"] },
    observedGeneration: { type: "integer", format: "int64", minimum: 0 },
    lastTransitionTime: { type: "string", format: "date-time" },
    reason: {
      type: "string",
      minLength: 1,
      maxLength: 1024,
      pattern: "^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$",
    },
    message: { type: "string", maxLength: 32768 },
  },
  required: ["type", "status", "lastTransitionTime", "reason", "message"],
};

export const statusSchema: CrdSchema = {
  type: "object",
  description: "Written by attache through the status subresource.",
  properties: {
    conditions: {
      type: "array",
      items: condition,
      maxItems: 16,
      "x-kubernetes-list-type": "map",
      "x-kubernetes-list-map-keys": ["type"],
    },
    observedGeneration: { type: "integer", format: "int64", minimum: 0 },
    state: { type: "string", description: "Mapping only, as Emissary: Running or Inactive.", maxLength: 64 },
    reason: { type: "string", description: "Why the state is what it is.", maxLength: 32768 },
  },
  "x-kubernetes-preserve-unknown-fields": true,
};
