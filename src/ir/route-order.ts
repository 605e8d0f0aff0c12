// Ambassador's route order: precedence, then prefix length, then the total length of header
// matches, then of query matches; the rest are tie-breakers that make the order total. Ties
// break by the match's strings in descending order, as Ambassador's sort does.
import { compareStrings } from "../util/compare.js";
import { matchValue, type IRHeaderMatch, type IRRoute, type IRValueMatch } from "./types.js";

interface SortKey {
  readonly precedence: number;
  readonly pathLength: number;
  readonly headerWeight: number;
  readonly queryWeight: number;
  readonly path: string;
  readonly method: string;
  readonly headerKeys: string;
  readonly queryKeys: string;
  readonly name: string;
}

// Sorting 10,000 routes compares each many times: compute each route's key once.
const keys = new WeakMap<IRRoute, SortKey>();

export function compareRoutes(a: IRRoute, b: IRRoute): number {
  const x = sortKey(a), y = sortKey(b);
  return (
    y.precedence - x.precedence ||
    y.pathLength - x.pathLength ||
    y.headerWeight - x.headerWeight ||
    y.queryWeight - x.queryWeight ||
    compareStrings(y.path, x.path) ||
    compareStrings(y.method, x.method) ||
    compareStrings(y.headerKeys, x.headerKeys) ||
    compareStrings(y.queryKeys, x.queryKeys) ||
    compareStrings(x.name, y.name)
  );
}

function sortKey(r: IRRoute): SortKey {
  let k = keys.get(r);
  if (!k) {
    const m = r.match;
    k = {
      precedence: m.precedence,
      pathLength: m.path.value.length,
      headerWeight: matchWeight(m.headers),
      queryWeight: matchWeight(m.query),
      path: m.path.value,
      method: methodOf(m.headers),
      headerKeys: m.headers.map((h) => h.name).join(","),
      queryKeys: m.query.map((q) => q.name).join(","),
      name: r.name,
    };
    keys.set(r, k);
  }
  return k;
}

function matchWeight(ms: readonly IRValueMatch[]): number {
  return ms.reduce((n, h) => n + h.name.length + matchValue(h).length + (h.kind === "regex" ? 1 : 0), 0);
}

function methodOf(headers: readonly IRHeaderMatch[]): string {
  const m = headers.find((h) => h.name === ":method");
  return m ? matchValue(m) : "";
}
