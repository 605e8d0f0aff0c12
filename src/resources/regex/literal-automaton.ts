// The size of the minimal automaton of a set of literal strings: what RE2 compiles an
// alternation of literals into once it has shared their common prefixes and identical tails.

interface TrieNode {
  final: boolean;
  readonly next: Map<string, TrieNode>;
}

/**
 * Edges of the minimal automaton accepting exactly `words`, where edges from one state to one
 * target count once (RE2 merges such characters into a class).
 */
export function automatonEdges(words: readonly string[]): number {
  const root: TrieNode = { final: false, next: new Map() };
  for (const w of words) {
    let node = root;
    for (const ch of w) {
      let child = node.next.get(ch);
      if (!child) node.next.set(ch, (child = { final: false, next: new Map() }));
      node = child;
    }
    node.final = true;
  }
  const ids = new Map<string, number>();
  let edges = 0;
  const idOf = (node: TrieNode): number => {
    const targets = [...node.next].map(([ch, child]) => [ch, idOf(child)] as const).sort((a, b) => (a[0] < b[0] ? -1 : 1));
    const signature = `${node.final ? "F" : ""}|${targets.map(([ch, id]) => `${ch}${id}`).join(",")}`;
    let id = ids.get(signature);
    if (id === undefined) {
      id = ids.size;
      ids.set(signature, id);
      edges += new Set(targets.map(([, t]) => t)).size;
    }
    return id;
  };
  idOf(root);
  return edges;
}
