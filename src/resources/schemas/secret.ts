// core/v1 Secret, reduced to what TLS needs. Checked by hand (checks/secret.ts) rather than by
// the schema validator, so no message can ever quote a value: the values are key material.
import type { StructuralSchema } from "./schema-type.js";

export const secretSchema: StructuralSchema = { type: "object", "x-kubernetes-preserve-unknown-fields": true };
