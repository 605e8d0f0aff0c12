// Several resources claiming one identity (kind/namespace/name, a Listener's port, the global
// Module): one is kept, every other one is reported. The choice never depends on how documents
// are split into files or ordered, so the same resources always give the same config.
import type { ResourceRef } from "../core/diagnostics.js";
import { compareStrings as cmp } from "../util/compare.js";

export interface Rejected<T> {
  readonly item: T;
  readonly winner: T;
}

/**
 * Keeps, for every key, the item that `rank` orders first (ties: the earlier item, which
 * must then be interchangeable with the later one). Items without a key are all kept.
 * `kept` preserves the input order.
 */
export function oneWinnerPerKey<T>(
  items: readonly T[],
  keyOf: (t: T) => string | undefined,
  rank: (a: T, b: T) => number,
): { kept: T[]; rejected: Rejected<T>[] } {
  const keys = items.map(keyOf);
  const winners = new Map<string, T>();
  let contested = false;
  items.forEach((item, i) => {
    const key = keys[i];
    if (key === undefined) return;
    const current = winners.get(key);
    if (current === undefined) winners.set(key, item);
    else {
      contested = true;
      if (rank(item, current) < 0) winners.set(key, item);
    }
  });
  if (!contested) return { kept: [...items], rejected: [] };
  const kept: T[] = [];
  const rejected: Rejected<T>[] = [];
  items.forEach((item, i) => {
    const key = keys[i];
    const winner = key === undefined ? item : (winners.get(key) ?? item);
    if (winner === item) kept.push(item);
    else rejected.push({ item, winner });
  });
  return { kept, rejected };
}

export function compareRefs(a: ResourceRef, b: ResourceRef): number {
  return cmp(a.namespace, b.namespace) || cmp(a.name, b.name) || cmp(a.kind, b.kind);
}
