// Expands a `kind: List` document (what `kubectl get -o yaml` prints) into one document per item,
// each located at its own line so later diagnostics point at the item, not at the List.
import yaml from "js-yaml";

export interface ListItemSpan {
  /** 0-based line within the List's text where the item's content starts. */
  readonly line: number;
  /** The item's own lines, a block sequence dash blanked out so the text parses as the item. */
  readonly text: string;
}

export function isList(value: unknown): value is { kind: "List"; items?: unknown } {
  return typeof value === "object" && value !== null && "kind" in value && value.kind === "List";
}

/**
 * Where each entry of the top-level `items` sequence starts. Re-parses the text with js-yaml's
 * node listener (Lists are rare, so the cost is only paid for them); returns undefined when the
 * positions cannot be matched to `count` items.
 */
export function listItemSpans(text: string, count: number): ListItemSpan[] | undefined {
  const starts = itemStartLines(text);
  if (!starts || starts.lines.length !== count) return undefined;
  const lines = text.split("\n");
  return starts.lines.map((line, i) => {
    const end = starts.lines[i + 1] ?? Math.max(starts.endLine + 1, line + 1);
    return { line, text: itemText(lines.slice(line, end)) };
  });
}

function itemStartLines(text: string): { lines: number[]; endLine: number } | undefined {
  const lines: number[] = [];
  let depth = 0;
  let lastClosedAtTop: unknown;
  let inItems = false;
  let endLine = -1;
  const listener = (event: yaml.EventType, state: yaml.State): void => {
    if (event === "open") {
      depth++;
      // Depth 2 alternates key, value: the node opened right after the key `items` is its value.
      if (depth === 2) inItems = lastClosedAtTop === "items";
      else if (depth === 3 && inItems) lines.push(state.line);
      return;
    }
    if (depth === 2) {
      if (inItems) endLine = state.line;
      lastClosedAtTop = state.result;
      inItems = false;
    }
    depth--;
  };
  try {
    yaml.load(text, { schema: yaml.CORE_SCHEMA, listener });
  } catch {
    return undefined;
  }
  return { lines, endLine };
}

const TRAILING_NOISE = /^[ \t]*(?:#.*)?$/;

function itemText(itemLines: string[]): string {
  const first = itemLines[0] ?? "";
  const dash = /^([ \t]*)- /.exec(first);
  // Lines indented at most this much belong to the parent (the next key, the next item).
  const outer = dash ? (dash[1] ?? "").length : indentOf(first) - 1;
  let end = itemLines.length;
  while (end > 1 && endsOutsideItem(itemLines[end - 1] ?? "", outer)) end--;
  const kept = itemLines.slice(0, end);
  if (dash) kept[0] = `${" ".repeat(outer)}  ${first.slice(outer + 2)}`;
  return kept.join("\n") + "\n";
}

function endsOutsideItem(line: string, outer: number): boolean {
  return TRAILING_NOISE.test(line) || indentOf(line) <= outer;
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}
