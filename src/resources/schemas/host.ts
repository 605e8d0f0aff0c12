// Host spec: which hostnames are served, with which certificate and insecure-request policy.
import { int, obj, str, strEnum } from "./builders.js";
import { ambassadorId, labelSelector } from "./common.js";
import { tlsSettings } from "./tls-context.js";
import type { StructuralSchema } from "./schema-type.js";

/** Inline TLSContext fields (`spec.tls`). */
const inlineTls = obj({ ...tlsSettings });

export const hostSchema: StructuralSchema = obj({
  hostname: str({ minLength: 1, maxLength: 4096 }),
  mappingSelector: labelSelector,
  selector: labelSelector,
  requestPolicy: obj({
    insecure: obj({
      action: strEnum("Redirect", "Reject", "Route"),
      additionalPort: int({ minimum: -1, maximum: 65535 }),
    }),
  }),
  tlsSecret: obj({ name: str({ maxLength: 253 }), namespace: str({ maxLength: 63 }) }, ["name"]),
  tlsContext: obj({ name: str({ maxLength: 253 }) }, ["name"]),
  tls: inlineTls,
  acmeProvider: obj({
    authority: str({ maxLength: 4096 }),
    email: str({ maxLength: 1024 }),
    privateKeySecret: obj({ name: str({ maxLength: 253 }) }, ["name"]),
    registration: str(),
  }),
  ambassador_id: ambassadorId,
});
