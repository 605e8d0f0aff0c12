// What each kind's spec is once its schema and shapes have accepted it: the input of the kind's
// checks. test/unit/resources/spec-types.test.ts reads these types with the TypeScript checker
// and holds them to the schemas: the same field names, JSON types and required fields.
import type { EndpointSlice, HostSpec, ListenerSpec, MappingSpec, ModuleConfig, ServiceSpec, TLSContextSpec } from "./types.js";

export interface ModuleSpec {
  readonly config?: ModuleConfig;
  readonly ambassador_id?: readonly string[];
}

export interface EndpointSliceSpec {
  readonly addressType: EndpointSlice["addressType"];
  readonly endpoints?: readonly {
    readonly addresses: readonly string[];
    readonly conditions?: { readonly ready?: boolean; readonly serving?: boolean; readonly terminating?: boolean };
  }[];
  readonly ports?: readonly { readonly name?: string; readonly port?: number; readonly protocol?: string; readonly appProtocol?: string }[];
}

export interface KubernetesResolverSpec {
  readonly ambassador_id?: readonly string[];
}

export interface ConsulResolverSpec {
  readonly address?: string;
  readonly datacenter?: string;
  readonly ambassador_id?: readonly string[];
}

export interface SpecOf {
  readonly Mapping: MappingSpec;
  readonly Host: HostSpec;
  readonly Listener: ListenerSpec;
  readonly Module: ModuleSpec;
  readonly TLSContext: TLSContextSpec;
  /** A Service without ports is valid (it gets an empty list). */
  readonly Service: Partial<ServiceSpec>;
  readonly EndpointSlice: EndpointSliceSpec;
  readonly KubernetesServiceResolver: KubernetesResolverSpec;
  readonly KubernetesEndpointResolver: KubernetesResolverSpec;
  readonly ConsulResolver: ConsulResolverSpec;
}

/**
 * The one step from validated JSON to a typed spec. Sound because the schema (with its shapes)
 * has accepted `spec` and the spec-types test ties each type to its schema.
 */
export function validatedSpec<K extends keyof SpecOf>(_kind: K, spec: object): SpecOf[K] {
  // cast: schema-validated JSON to its spec type (see above).
  return spec as SpecOf[K];
}
