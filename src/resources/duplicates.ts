// Keeps the first of several resources that claim the same identity (name, or a Listener's
// port); every later one becomes an error that names the first.
import type { ResourceRef } from "./diagnostics.js";
import { formatRef } from "./diagnostics.js";

export interface Claim<T> {
  readonly item: T;
  readonly ref: ResourceRef;
}

export interface Rejected<T> {
  readonly item: T;
  readonly message: string;
}

export function firstClaimWins<T>(
  items: readonly T[],
  refOf: (t: T) => ResourceRef,
  keyOf: (t: T) => string | undefined,
  describe: (first: ResourceRef) => string,
): { kept: T[]; rejected: Rejected<T>[] } {
  const owners = new Map<string, ResourceRef>();
  const kept: T[] = [];
  const rejected: Rejected<T>[] = [];
  for (const item of items) {
    const key = keyOf(item);
    const first = key === undefined ? undefined : owners.get(key);
    if (first) {
      rejected.push({ item, message: describe(first) });
      continue;
    }
    if (key !== undefined) owners.set(key, refOf(item));
    kept.push(item);
  }
  return { kept, rejected };
}

export function duplicateMessage(first: ResourceRef): string {
  return `duplicate of ${formatRef(first)}; the first one is used`;
}
