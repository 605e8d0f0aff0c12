// The getambassador.io/v3alpha1 kinds attache publishes CRDs for, with their `kubectl get`
// columns and short names. Plurals are the lowercase kind + "s" (the Kubernetes source and the
// status writer build API paths that way).
import { authServiceSchema, rateLimitServiceSchema } from "../schemas/edge-services.js";
import type { StructuralSchema } from "../schemas/schema-type.js";
import { tcpMappingSchema } from "../schemas/tcp-mapping.js";
import { tlsContextSchema } from "../schemas/tls-context.js";

export interface PrinterColumn {
  readonly name: string;
  readonly type: "string" | "integer" | "date";
  readonly jsonPath: string;
  readonly priority?: number;
}

export interface CrdKind {
  readonly kind: string;
  readonly shortNames?: readonly string[];
  readonly columns: readonly PrinterColumn[];
  /**
   * The spec schema of a kind attache does not validate yet. Kinds the resources stage
   * validates take theirs from `KIND_SCHEMAS`, so a cluster judges a manifest as attache does.
   */
  readonly unservedSpec?: StructuralSchema;
}

const spec = (name: string, path: string, type: PrinterColumn["type"] = "string"): PrinterColumn => ({
  name, type, jsonPath: `.spec.${path}`,
});
const condition = (type: string, priority?: number): PrinterColumn => ({
  name: type,
  type: "string",
  jsonPath: `.status.conditions[?(@.type=="${type}")].status`,
  ...(priority === undefined ? {} : { priority }),
});
const accepted = condition("Accepted");
const programmed = condition("Programmed", 1);
const age: PrinterColumn = { name: "Age", type: "date", jsonPath: ".metadata.creationTimestamp" };

export const CRD_KINDS: readonly CrdKind[] = [
  {
    kind: "Mapping",
    shortNames: ["amap"],
    columns: [
      spec("Hostname", "hostname"), spec("Prefix", "prefix"), spec("Service", "service"),
      { name: "State", type: "string", jsonPath: ".status.state" },
      { name: "Reason", type: "string", jsonPath: ".status.reason", priority: 1 },
      accepted, programmed, age,
    ],
  },
  { kind: "Host", shortNames: ["ahost"], columns: [spec("Hostname", "hostname"), accepted, programmed, age] },
  {
    kind: "Listener",
    shortNames: ["alistener"],
    columns: [spec("Port", "port", "integer"), spec("Protocol", "protocol"), spec("Security", "securityModel"), accepted, programmed, age],
  },
  { kind: "Module", columns: [accepted, programmed, age] },
  {
    kind: "TLSContext",
    shortNames: ["tlsctx"],
    columns: [spec("Secret", "secret"), spec("Hosts", "hosts"), accepted, age],
    unservedSpec: tlsContextSchema,
  },
  {
    kind: "TCPMapping",
    shortNames: ["tcpmap"],
    columns: [spec("Port", "port", "integer"), spec("Host", "host"), spec("Service", "service"), accepted, age],
    unservedSpec: tcpMappingSchema,
  },
  { kind: "AuthService", columns: [spec("Service", "auth_service"), spec("Proto", "proto"), accepted, age], unservedSpec: authServiceSchema },
  { kind: "RateLimitService", columns: [spec("Service", "service"), spec("Domain", "domain"), accepted, age], unservedSpec: rateLimitServiceSchema },
  { kind: "LogService", columns: [spec("Service", "service"), spec("Driver", "driver"), accepted, age] },
  { kind: "TracingService", columns: [spec("Service", "service"), spec("Driver", "driver"), accepted, age] },
  { kind: "KubernetesServiceResolver", columns: [accepted, age] },
  { kind: "KubernetesEndpointResolver", columns: [accepted, age] },
  { kind: "ConsulResolver", columns: [spec("Address", "address"), spec("Datacenter", "datacenter"), accepted, age] },
];
