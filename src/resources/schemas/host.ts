// Host spec: which hostnames are served, with which certificate and insecure-request policy.
import { bool, int, list, obj, str, strEnum } from "./builders.js";
import { ambassadorId, labelSelector } from "./common.js";
import type { StructuralSchema } from "./schema-type.js";

const tlsVersion = strEnum("v1.0", "v1.1", "v1.2", "v1.3");

/** Inline TLSContext fields (`spec.tls`). */
const inlineTls = obj({
  cert_chain_file: str({ maxLength: 4096 }),
  private_key_file: str({ maxLength: 4096 }),
  ca_secret: str({ maxLength: 253 }),
  cacert_chain_file: str({ maxLength: 4096 }),
  crl_secret: str({ maxLength: 253 }),
  cert_required: bool(),
  alpn_protocols: str({ maxLength: 1024 }),
  min_tls_version: tlsVersion,
  max_tls_version: tlsVersion,
  cipher_suites: list(str({ maxLength: 256 })),
  ecdh_curves: list(str({ maxLength: 256 })),
  redirect_cleartext_from: int({ minimum: 1, maximum: 65535 }),
  sni: str({ maxLength: 253 }),
  secret_namespacing: bool(),
});

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
