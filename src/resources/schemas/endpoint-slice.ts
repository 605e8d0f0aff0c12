// discovery.k8s.io/v1 EndpointSlice, reduced to what EDS needs. The object has no `spec`: the
// resources stage reads `addressType`, `endpoints` and `ports` as its spec.
import { bool, list, obj, port, str, strEnum } from "./builders.js";
import type { StructuralSchema } from "./schema-type.js";

export const endpointSliceSchema: StructuralSchema = obj(
  {
    addressType: strEnum("IPv4", "IPv6", "FQDN"),
    endpoints: list(
      obj(
        {
          addresses: list(str({ maxLength: 253 }), { maxItems: 100 }),
          conditions: obj({ ready: bool(), serving: bool(), terminating: bool() }, [], { "x-kubernetes-preserve-unknown-fields": true }),
        },
        ["addresses"],
        { "x-kubernetes-preserve-unknown-fields": true },
      ),
      { maxItems: 1000 },
    ),
    ports: list(obj({ name: str({ maxLength: 63 }), port: port(), protocol: strEnum("TCP", "UDP", "SCTP"), appProtocol: str({ maxLength: 256 }) }), { maxItems: 100 }),
  },
  ["addressType"],
  { "x-kubernetes-preserve-unknown-fields": true },
);
