// Memoisation of a pure function of a string, bounded so hostile or churning input cannot grow
// it without limit: when full it starts over (cheaper than LRU bookkeeping, and the entries a
// steady config needs come back on the next translation).

export const DEFAULT_MEMO_LIMIT = 50_000;

export function boundedMemo<V>(compute: (key: string) => V, limit: number = DEFAULT_MEMO_LIMIT): (key: string) => V {
  // Boxed, so a cached `undefined` is told apart from a miss.
  const memo = new Map<string, { readonly value: V }>();
  return (key) => {
    const hit = memo.get(key);
    if (hit) return hit.value;
    const value = compute(key);
    if (memo.size >= limit) memo.clear();
    memo.set(key, { value });
    return value;
  };
}
