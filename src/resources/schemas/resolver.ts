// The resolver kinds: how a Mapping's `service` becomes endpoints. KubernetesServiceResolver
// (the default: the Service's DNS name), KubernetesEndpointResolver (endpoints from
// EndpointSlices, pushed over EDS), ConsulResolver (not served yet).
import { obj, str } from "./builders.js";
import { ambassadorId } from "./common.js";
import type { StructuralSchema } from "./schema-type.js";

export const kubernetesResolverSchema: StructuralSchema = obj({ ambassador_id: ambassadorId });

export const consulResolverSchema: StructuralSchema = obj({
  ambassador_id: ambassadorId,
  address: str({ maxLength: 253 }),
  datacenter: str({ maxLength: 253 }),
});
