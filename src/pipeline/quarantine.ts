// Resources Envoy rejected (NACKed) are kept out of later configs until they change, so one bad
// resource cannot hold every other update hostage. A resource is identified by its content
// fingerprint: editing it lifts the quarantine and it is tried again.
import { refKey, type Diagnostic, type ResourceRef } from "../core/diagnostics.js";
import type { Resource, ResourceSet } from "../resources/types.js";
import { shortHash } from "../util/hash.js";

export interface QuarantineEntry {
  readonly fingerprint: string;
  readonly message: string;
}

export type Quarantine = ReadonlyMap<string, QuarantineEntry>;

// Resources are immutable and reused while unchanged: each is hashed once.
const known = new WeakMap<Resource, string>();

/** Content of a resource, independent of where in its file it sits. */
export function fingerprint(r: Resource): string {
  let fp = known.get(r);
  if (fp === undefined) {
    const { location: _location, ...ref } = r.meta.ref;
    fp = shortHash(JSON.stringify({ ...r, meta: { ...r.meta, ref } }), 16);
    known.set(r, fp);
  }
  return fp;
}

export function fingerprints(rs: ResourceSet): Map<string, string> {
  const out = new Map<string, string>();
  const all: Resource[] = [...rs.mappings, ...rs.hosts, ...rs.listeners, ...rs.services, ...(rs.module ? [rs.module] : [])];
  for (const r of all) out.set(refKey(r.meta.ref), fingerprint(r));
  return out;
}

export function applyQuarantine(rs: ResourceSet, q: Quarantine): ResourceSet {
  if (q.size === 0) return rs;
  const diagnostics: Diagnostic[] = [...rs.diagnostics];
  const keep = <T extends Resource>(r: T): boolean => {
    const entry = q.get(refKey(r.meta.ref));
    if (!entry || entry.fingerprint !== fingerprint(r)) return true;
    diagnostics.push(rejected(r.meta.ref, entry.message));
    return false;
  };
  return {
    ...rs,
    mappings: rs.mappings.filter(keep),
    hosts: rs.hosts.filter(keep),
    listeners: rs.listeners.filter(keep),
    services: rs.services.filter(keep),
    module: rs.module && keep(rs.module) ? rs.module : undefined,
    diagnostics,
  };
}

function rejected(ref: ResourceRef, message: string): Diagnostic {
  return {
    severity: "error",
    stage: "envoy",
    ref,
    message: `Envoy rejected the configuration built from this resource, so it is left out until it changes: ${message}`,
  };
}
