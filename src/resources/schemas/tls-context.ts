// TLSContext spec: a certificate (from a Secret or files) and the TLS parameters for the hosts
// it names, or for upstream connections (`sni`).
import { bool, int, list, obj, str, strEnum } from "./builders.js";
import { ambassadorId } from "./common.js";
import type { StructuralSchema } from "./schema-type.js";

const tlsVersion = strEnum("v1.0", "v1.1", "v1.2", "v1.3");

/** The TLS parameters a TLSContext carries; a Host's inline `tls` takes the same ones. */
export const tlsSettings: Readonly<Record<string, StructuralSchema>> = {
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
  // 0 means "not set", as Ambassador reads it.
  redirect_cleartext_from: int({ minimum: 0, maximum: 65535 }),
  sni: str({ maxLength: 253 }),
  secret_namespacing: bool(),
};

export const tlsContextSchema: StructuralSchema = obj(
  {
    hosts: list(str({ maxLength: 253 })),
    secret: str({ maxLength: 253 }),
    ...tlsSettings,
    ambassador_id: ambassadorId,
  },
  [],
  // Emissary's CRD keeps unknown fields, so existing manifests still apply; attache warns about them.
  { "x-kubernetes-preserve-unknown-fields": true },
);
