// A complete, encoded configuration for one Envoy: what the ADS server serves.
// Built from an EnvoyConfig by encoding each resource once; immutable once built.
import type { ResourceRef } from "../core/diagnostics.js";
import { errorText } from "../util/errors.js";
import type { ResourceEncoder, EncodedResource } from "../envoy/encode.js";
import type { EnvoyConfig, EnvoyResource, ResourceJson, ResourceType } from "../envoy/types.js";
import { isXdsTypeUrl, TYPE_URLS, type XdsTypeUrl } from "./resource-types.js";

export interface SnapshotResource extends EncodedResource {
  readonly sources: readonly ResourceRef[];
  /** Clusters this listener / route configuration uses (see `EnvoyResource.refs`). */
  readonly refs?: readonly string[];
  /** Secrets this listener / cluster uses (see `EnvoyResource.secretRefs`). */
  readonly secretRefs?: readonly string[];
}

export interface TypeSnapshot {
  /** Version of this type's resource set: changes exactly when any resource of the type changes. */
  readonly version: string;
  /** By resource name, in name order. */
  readonly resources: ReadonlyMap<string, SnapshotResource>;
}

export interface Snapshot {
  /** Monotonic across the life of the process. */
  readonly serial: number;
  /** Every type attache serves, by its type URL (see `XDS_TYPES`). */
  readonly types: Readonly<Record<XdsTypeUrl, TypeSnapshot>>;
}

/** An Envoy resource that could not be encoded, and the attache resources it was built from. */
export interface EncodeFailure {
  readonly type: ResourceType;
  readonly name: string;
  readonly sources: readonly ResourceRef[];
  readonly message: string;
}

/**
 * Encodes every resource of `config`. With `failures`, a resource that cannot be encoded is left
 * out and reported there instead of throwing, so one bad value cannot stop every later change.
 */
export function buildSnapshot(serial: number, config: EnvoyConfig, encoder: ResourceEncoder, failures?: EncodeFailure[]): Snapshot {
  const types = {
    [TYPE_URLS.listener]: encodeAll("listener", config.listeners, encoder, failures),
    [TYPE_URLS.route]: encodeAll("route", config.routes, encoder, failures),
    [TYPE_URLS.cluster]: encodeAll("cluster", config.clusters, encoder, failures),
    [TYPE_URLS.endpoint]: encodeAll("endpoint", config.endpoints, encoder, failures),
    [TYPE_URLS.secret]: encodeAll("secret", config.secrets, encoder, failures),
  };
  encoder.sweep();
  return { serial, types };
}

/** The snapshot of a type a client asked for by URL; undefined for types attache does not serve. */
export function typeSnapshot(snap: Snapshot | undefined, typeUrl: string): TypeSnapshot | undefined {
  return snap && isXdsTypeUrl(typeUrl) ? snap.types[typeUrl] : undefined;
}

function encodeAll<K extends ResourceType>(
  type: K, list: readonly EnvoyResource<ResourceJson[K]>[], encoder: ResourceEncoder, failures: EncodeFailure[] | undefined,
): TypeSnapshot {
  const resources = new Map<string, SnapshotResource>();
  for (const r of list) {
    try {
      resources.set(r.name, { ...encoder.encode(type, r.name, r.json), sources: r.sources, ...refsOf(r) });
    } catch (err) {
      if (!failures) throw err;
      failures.push({ type, name: r.name, sources: r.sources, message: errorText(err) });
    }
  }
  return { version: versionOf(resources.values()), resources };
}

function refsOf(r: EnvoyResource<unknown>): Pick<SnapshotResource, "refs" | "secretRefs"> {
  return { ...(r.refs ? { refs: r.refs } : {}), ...(r.secretRefs ? { secretRefs: r.secretRefs } : {}) };
}

/**
 * Version of a set of resources given in name order. Content-derived so identical configs get
 * identical versions across restarts and replicas.
 */
export function versionOf(resources: Iterable<Pick<SnapshotResource, "name" | "hash">>): string {
  let acc = "";
  for (const r of resources) acc += `${r.name}=${r.hash};`;
  return fnv1a(acc);
}

function fnv1a(s: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
  }
  return ((h1 >>> 0).toString(16).padStart(8, "0") + (h2 >>> 0).toString(16).padStart(8, "0"));
}
