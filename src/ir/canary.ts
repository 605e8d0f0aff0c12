// Canary groups: Mappings with the same match share one route whose traffic is split by
// `weight`. Explicit weights are used as given; what is left of 100 is split evenly among the
// members without one; a group whose explicit weights add up to more than 100 is an error.
import type { Diagnostic } from "../core/diagnostics.js";
import type { Mapping } from "../resources/types.js";

export interface WeightedMember<T> {
  readonly item: T;
  readonly weight: number;
}

/** Members whose weights break their group (reported once, globally, not per virtual host). */
export function invalidCanaryMembers(groups: ReadonlyMap<string, readonly Mapping[]>): {
  rejected: Set<Mapping>;
  diagnostics: Diagnostic[];
} {
  const rejected = new Set<Mapping>();
  const diagnostics: Diagnostic[] = [];
  for (const members of groups.values()) {
    // A shadow's weight is the share it mirrors, not a share of the traffic.
    const weighted = members.filter((m) => m.spec.weight !== undefined && m.spec.shadow !== true);
    const total = weighted.reduce((n, m) => n + (m.spec.weight ?? 0), 0);
    if (total <= 100) continue;
    const names = members.map((m) => `${m.meta.ref.namespace}/${m.meta.ref.name}`).join(", ");
    for (const m of weighted) {
      rejected.add(m);
      diagnostics.push({
        severity: "error",
        stage: "ir",
        ref: m.meta.ref,
        field: "spec.weight",
        message: `canary weights of the Mappings sharing this match (${names}) add up to ${total}, more than 100`,
      });
    }
  }
  return { rejected, diagnostics };
}

/** Weights for the members of one group as seen by one virtual host; zero-weight members drop out. */
export function splitWeights<T>(members: readonly { item: T; weight?: number }[]): WeightedMember<T>[] {
  const explicit = members.reduce((n, m) => n + (m.weight ?? 0), 0);
  const unweighted = members.filter((m) => m.weight === undefined);
  const rest = Math.max(0, 100 - explicit);
  const share = unweighted.length ? Math.floor(rest / unweighted.length) : 0;
  let remainder = unweighted.length ? rest - share * unweighted.length : 0;
  const out = members.map((m) => {
    if (m.weight !== undefined) return { item: m.item, weight: m.weight };
    const extra = remainder > 0 ? 1 : 0;
    remainder -= extra;
    return { item: m.item, weight: share + extra };
  });
  const positive = out.filter((m) => m.weight > 0);
  // All weights zero: Envoy needs a positive total, and the user asked for no preference.
  return positive.length ? positive : out.map((m) => ({ item: m.item, weight: 1 }));
}
