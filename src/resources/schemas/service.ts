// core/v1 Service spec, reduced to what routing needs. The rest of a Service (session
// affinity, IP families, ...) is Kubernetes' business, so unknown fields are kept silently.
import { int, intOrString, list, obj, port, str, strEnum, stringMap } from "./builders.js";
import type { StructuralSchema } from "./schema-type.js";

export const serviceSchema: StructuralSchema = obj(
  {
    type: strEnum("ClusterIP", "NodePort", "LoadBalancer", "ExternalName"),
    ports: list(
      obj(
        {
          name: str({ maxLength: 63 }),
          port: port(),
          targetPort: intOrString("Port number or name on the backend pods."),
          protocol: strEnum("TCP", "UDP", "SCTP"),
          appProtocol: str({ maxLength: 256 }),
          nodePort: int({ minimum: 0, maximum: 65535 }),
        },
        ["port"],
      ),
    ),
    clusterIP: str({ maxLength: 64 }),
    externalName: str({ maxLength: 253 }),
    selector: stringMap(),
  },
  [],
  { "x-kubernetes-preserve-unknown-fields": true },
);
