// Envoy resources as generated: proto3 JSON objects (the form `attache translate` prints and
// the golden files hold), each with a stable name, the source resources that produced it and
// the other resources it uses. The JSON types come from the Envoy API (protoc-gen-es
// `json_types`), so a misspelt or mistyped field does not compile.
import type { DescMessage } from "@bufbuild/protobuf";
import type { ResourceRef } from "../core/diagnostics.js";
import { ListenerSchema, type ListenerJson } from "#gen/envoy/config/listener/v3/listener_pb.js";
import { RouteConfigurationSchema, type RouteConfigurationJson } from "#gen/envoy/config/route/v3/route_pb.js";
import { ClusterSchema, type ClusterJson } from "#gen/envoy/config/cluster/v3/cluster_pb.js";
import { ClusterLoadAssignmentSchema, type ClusterLoadAssignmentJson } from "#gen/envoy/config/endpoint/v3/endpoint_pb.js";
import { SecretSchema, type SecretJson } from "#gen/envoy/extensions/transport_sockets/tls/v3/secret_pb.js";

/** Untyped JSON, for what is not an Envoy resource (the bootstrap file, test fixtures). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** The proto3 JSON type of each kind of resource in an Envoy configuration. */
export interface ResourceJson {
  readonly listener: ListenerJson;
  readonly route: RouteConfigurationJson;
  readonly cluster: ClusterJson;
  readonly endpoint: ClusterLoadAssignmentJson;
  readonly secret: SecretJson;
}

export type ResourceType = keyof ResourceJson;

/** The API message of each kind: what encoding, validation and `@type` are derived from. */
export const RESOURCE_SCHEMAS: { readonly [K in ResourceType]: DescMessage } = {
  listener: ListenerSchema,
  route: RouteConfigurationSchema,
  cluster: ClusterSchema,
  endpoint: ClusterLoadAssignmentSchema,
  secret: SecretSchema,
};

/** `type.googleapis.com/<message>`: the type URL of a message in an Any. */
export function typeUrlOf(schema: DescMessage): string {
  return `type.googleapis.com/${schema.typeName}`;
}

export interface EnvoyResource<J = ResourceJson[ResourceType]> {
  readonly name: string;
  /** proto3 JSON of the resource (without `@type`). */
  readonly json: J;
  /** The attache resources this Envoy resource was built from (for NACK attribution). */
  readonly sources: readonly ResourceRef[];
  /**
   * Names of the clusters this resource sends traffic to (listeners and route configurations),
   * sorted, so the xDS server can keep them until no acknowledged route uses them (make before
   * break). Absent: none.
   */
  readonly refs?: readonly string[];
  /** Names of the secrets (SDS) this resource uses, sorted. Absent: none. */
  readonly secretRefs?: readonly string[];
}

/** One complete, consistent Envoy configuration. Each list is sorted by name. */
export interface EnvoyConfig {
  readonly listeners: readonly EnvoyResource<ListenerJson>[];
  readonly routes: readonly EnvoyResource<RouteConfigurationJson>[];
  readonly clusters: readonly EnvoyResource<ClusterJson>[];
  readonly endpoints: readonly EnvoyResource<ClusterLoadAssignmentJson>[];
  readonly secrets: readonly EnvoyResource<SecretJson>[];
}

export const CONFIG_KEYS = {
  listener: "listeners",
  route: "routes",
  cluster: "clusters",
  endpoint: "endpoints",
  secret: "secrets",
} as const satisfies Record<ResourceType, keyof EnvoyConfig>;

