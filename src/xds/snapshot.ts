// A complete, encoded configuration for one Envoy: what the ADS server serves.
// Built from an EnvoyConfig by encoding each resource once; immutable once built.
import type { ResourceRef } from "../core/diagnostics.js";
import type { ResourceEncoder, EncodedResource } from "../envoy/encode.js";
import { CONFIG_KEYS, TYPE_URLS, type EnvoyConfig, type EnvoyResource, type ResourceType } from "../envoy/types.js";
import { clusterRefs } from "./cluster-refs.js";

export interface SnapshotResource extends EncodedResource {
  readonly sources: readonly ResourceRef[];
  /** Clusters this listener / route configuration uses (see `EnvoyResource.refs`). */
  readonly refs?: readonly string[];
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
  readonly types: Readonly<Record<string, TypeSnapshot>>;
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
  const types: Record<string, TypeSnapshot> = {};
  for (const type of Object.keys(TYPE_URLS) as ResourceType[]) {
    const resources = new Map<string, SnapshotResource>();
    for (const r of config[CONFIG_KEYS[type]]) {
      try {
        resources.set(r.name, { ...encoder.encode(type, r.name, r.json), sources: r.sources, ...refsOf(type, r) });
      } catch (err) {
        if (!failures) throw err;
        failures.push({ type, name: r.name, sources: r.sources, message: (err as Error).message });
      }
    }
    types[TYPE_URLS[type]] = { version: versionOf(resources.values()), resources };
  }
  encoder.sweep();
  return { serial, types };
}

function refsOf(type: ResourceType, r: EnvoyResource): { refs?: readonly string[] } {
  if (r.refs) return { refs: r.refs };
  return type === "listener" || type === "route" ? { refs: clusterRefs(r.json) } : {};
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
