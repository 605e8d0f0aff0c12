// Listener spec: a port, its protocol stack and how requests on it are judged secure.
import { int, list, nonNegInt, obj, port, str, strEnum } from "./builders.js";
import { ambassadorId, labelSelector } from "./common.js";
import type { StructuralSchema } from "./schema-type.js";

export const listenerSchema: StructuralSchema = obj(
  {
    port: port(),
    protocol: strEnum("HTTP", "HTTPS", "HTTPPROXY", "HTTPSPROXY", "TCP", "TLS", "UDP"),
    protocolStack: list(strEnum("HTTP", "PROXY", "TLS", "TCP", "UDP"), { minItems: 1, maxItems: 8 }),
    securityModel: strEnum("XFP", "SECURE", "INSECURE"),
    hostBinding: obj({
      namespace: obj({ from: strEnum("SELF", "ALL", "SELECTOR") }, ["from"]),
      selector: labelSelector,
    }),
    l7Depth: nonNegInt(),
    statsPrefix: str({ maxLength: 256 }),
    http2MaxConcurrentStreams: int({ minimum: 1, maximum: 2147483647 }),
    ambassador_id: ambassadorId,
  },
  ["port", "securityModel"],
);
