// The subset of OpenAPI v3 that Kubernetes accepts in a CRD's structural schema.
// Keeping the type this narrow makes it impossible to write `$ref`, `oneOf` or
// `additionalProperties: false` by accident: the same objects later become CRDs.

export type SchemaType = "object" | "array" | "string" | "integer" | "number" | "boolean";

export interface StructuralSchema {
  readonly type?: SchemaType;
  readonly description?: string;
  readonly properties?: Readonly<Record<string, StructuralSchema>>;
  readonly additionalProperties?: StructuralSchema;
  readonly items?: StructuralSchema;
  readonly required?: readonly string[];
  readonly enum?: readonly (string | number)[];
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly maxProperties?: number;
  readonly "x-kubernetes-preserve-unknown-fields"?: true;
  readonly "x-kubernetes-int-or-string"?: true;
}
