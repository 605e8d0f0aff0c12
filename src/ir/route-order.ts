// Ambassador's route order: precedence, then prefix length, then the total length of header
// matches, then of query matches; the rest are tie-breakers that make the order total.
import { compareStrings } from "../util/compare.js";
import type { IRHeaderMatch, IRQueryMatch, IRRoute } from "./types.js";

const matchWeight = (ms: readonly (IRHeaderMatch | IRQueryMatch)[]) =>
  ms.reduce((n, h) => n + h.name.length + h.value.length + (h.regex ? 1 : 0), 0);

export function compareRoutes(a: IRRoute, b: IRRoute): number {
  const x = a.match, y = b.match;
  return (
    y.precedence - x.precedence ||
    y.path.value.length - x.path.value.length ||
    matchWeight(y.headers) - matchWeight(x.headers) ||
    matchWeight(y.query) - matchWeight(x.query) ||
    compareStrings(x.path.value, y.path.value) ||
    compareStrings(method(x.headers), method(y.headers)) ||
    compareStrings(keys(x.headers), keys(y.headers)) ||
    compareStrings(keys(x.query), keys(y.query)) ||
    compareStrings(a.name, b.name)
  );
}

const method = (hs: readonly IRHeaderMatch[]) => hs.find((h) => h.name === ":method")?.value ?? "";
const keys = (ms: readonly (IRHeaderMatch | IRQueryMatch)[]) => ms.map((m) => m.name).join(",");
