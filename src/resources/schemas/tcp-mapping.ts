// TCPMapping spec: a TCP (or SNI-routed TLS) port forwarded to a service. Not served yet: only
// the CRD generator reads this schema; the resources stage reports the kind as unsupported.
import { bool, durationMs, int, nonNegInt, obj, port, str } from "./builders.js";
import { ambassadorId, circuitBreakers } from "./common.js";
import type { StructuralSchema } from "./schema-type.js";

export const tcpMappingSchema: StructuralSchema = obj(
  {
    port: port(),
    host: str({ maxLength: 253 }),
    address: str({ maxLength: 64 }),
    service: str({ minLength: 1, maxLength: 4096 }),
    tls: str({ maxLength: 253 }),
    weight: int({ minimum: 0, maximum: 100 }),
    idle_timeout_ms: durationMs(),
    circuit_breakers: circuitBreakers,
    resolver: str({ maxLength: 253 }),
    enable_ipv4: bool(),
    enable_ipv6: bool(),
    cluster_tag: str({ maxLength: 256 }),
    stats_name: str({ maxLength: 256 }),
    ambassador_id: ambassadorId,
  },
  ["port", "service"],
  // Until attache serves this kind, fields beyond the documented ones are kept rather than
  // refused, so existing Emissary manifests still apply.
  { "x-kubernetes-preserve-unknown-fields": true },
);
