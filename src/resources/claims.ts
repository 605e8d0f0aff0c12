// Resolves several resources claiming one identity: the same kind/namespace/name, the global
// Module, a Listener's port. The winner never depends on file names or document order.
import type { Named } from "./candidate.js";
import { GLOBAL_MODULE } from "./checks/module.js";
import { formatRef, refKey, type Diagnostic } from "../core/diagnostics.js";
import { compareRefs, oneWinnerPerKey } from "./duplicates.js";
import { compareStrings as cmp } from "../util/compare.js";
import { error, warning } from "./issue.js";
import { toDiagnostic } from "./to-diagnostic.js";
import type { Resource } from "./types.js";
import { canonicalJson } from "./values.js";

export interface Validated {
  readonly named: Named;
  readonly resource: Resource;
}

/**
 * Same kind/namespace/name more than once: identical copies are harmless (a warning); copies
 * that differ are errors, and the one whose content sorts first is used, so the result never
 * depends on file names or order.
 */
export function dropDuplicates(items: readonly Named[], diagnostics: Diagnostic[], incumbents?: ReadonlyMap<string, string>): Named[] {
  const content = new Map<Named, string>();
  const contentOf = (n: Named): string => {
    let c = content.get(n);
    if (c === undefined) {
      c = canonicalJson({ apiVersion: n.apiVersion, labels: n.labels, annotations: n.annotations, spec: n.spec });
      content.set(n, c);
    }
    return c;
  };
  // The copy already serving keeps the name; otherwise content decides.
  const serving = (n: Named): number => (incumbents?.get(refKey(n.ref)) === n.ref.location?.file ? 0 : 1);
  const { kept, rejected } = oneWinnerPerKey(items, (n) => refKey(n.ref), (a, b) => serving(a) - serving(b) || cmp(contentOf(a), contentOf(b)));
  for (const { item, winner } of rejected) {
    const same = contentOf(item) === contentOf(winner);
    const issue = same
      ? warning(["metadata", "name"], `identical copy of ${formatRef(winner.ref)} (ignored)`)
      : error(["metadata", "name"], serving(winner) === 0
        ? `duplicate of ${formatRef(winner.ref)}, which is already serving and keeps the name`
        : `duplicate of ${formatRef(winner.ref)}, which is used (of differing copies, the one whose content sorts first wins, whatever the file order)`);
    diagnostics.push(toDiagnostic(issue, item.origin, item.ref));
  }
  return kept;
}

/** Only the Module named `ambassador` is global, and only one of them: the first by namespace. */
export function selectModules(items: readonly Named[], diagnostics: Diagnostic[]): Named[] {
  const kept = items.filter((n) => {
    if (n.kind !== "Module" || n.ref.name === GLOBAL_MODULE) return true;
    diagnostics.push(toDiagnostic(warning(["metadata", "name"],
      `only the Module named "${GLOBAL_MODULE}" is used (ignored)`), n.origin, n.ref));
    return false;
  });
  const { kept: out, rejected } = oneWinnerPerKey(kept, (n) => (n.kind === "Module" ? "Module" : undefined),
    (a, b) => compareRefs(a.ref, b.ref));
  for (const { item, winner } of rejected) {
    diagnostics.push(toDiagnostic(error(["metadata", "name"],
      `only one Module "${GLOBAL_MODULE}" is allowed; ${formatRef(winner.ref)} is used (the first by namespace)`), item.origin, item.ref));
  }
  return out;
}

/** Two Listeners cannot bind one port: the first by namespace/name keeps it. */
export function uniquePorts(items: readonly Validated[], diagnostics: Diagnostic[]): Resource[] {
  const { kept, rejected } = oneWinnerPerKey(items,
    (v) => (v.resource.kind === "Listener" ? String(v.resource.spec.port) : undefined),
    (a, b) => compareRefs(a.named.ref, b.named.ref));
  for (const { item, winner } of rejected) {
    diagnostics.push(toDiagnostic(error(["spec", "port"],
      `port is already used by ${formatRef(winner.named.ref)} (the first by namespace/name keeps it)`), item.named.origin, item.named.ref));
  }
  return kept.map((v) => v.resource);
}
