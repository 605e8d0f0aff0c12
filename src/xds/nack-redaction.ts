// What of Envoy's rejection text may be shown. Envoy quotes the whole rejected resource in its
// message (a RouteConfiguration holds every Mapping's header values, tokens included), so only
// the part that names the failing field is kept, quoted values are blanked unless they look
// like names or addresses, and known sensitive values (configured header values, Secret data)
// are removed wherever they still appear. The raw text is kept only for NACK attribution.

export const REDACTED_VALUE = "[redacted]";
const PGV = "Proto constraint validation failed (";
const MAX_LENGTH = 1000;
// Names, paths and addresses: what a reader needs to find the field (`prefix_rewrite`,
// `attache-8080`, `0.0.0.0:8080`). Anything else quoted may be configured content.
const NAME_LIKE = /^[A-Za-z0-9_.:/\-[\]]{1,64}$/;

export type NackRedactor = (message: string) => string;

export function redactEnvoyMessage(message: string, sensitive: readonly string[] = []): string {
  const at = message.indexOf(PGV);
  // A protobuf validation error: its reason comes from the API's constraints, never from
  // configured values, so it is kept whole; the dump of the resource before it is not.
  const kept = at >= 0 ? PGV + balancedTail(message.slice(at + PGV.length)) : firstLine(blankQuotes(message, true));
  return clip(removeValues(kept, sensitive));
}

/** The text up to and including the parenthesis that closes the one already opened. */
function balancedTail(rest: string): string {
  let depth = 1;
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === "(") depth++;
    else if (rest[i] === ")" && --depth === 0) return rest.slice(0, i + 1);
  }
  return rest;
}

/** Dumps of resources span lines, or follow a `: {` on one: the message proper comes first. */
function firstLine(message: string): string {
  const line = message.split("\n", 1)[0] ?? "";
  const dump = line.indexOf(": {");
  return dump >= 0 ? line.slice(0, dump) : line;
}

function blankQuotes(text: string, keepNames: boolean): string {
  return text.replace(/'([^']*)'|"([^"]*)"/g, (whole, single: string | undefined, double: string | undefined) => {
    const inner = single ?? double ?? "";
    const quote = single !== undefined ? "'" : '"';
    return keepNames && NAME_LIKE.test(inner) ? whole : `${quote}${REDACTED_VALUE}${quote}`;
  });
}

function removeValues(text: string, sensitive: readonly string[]): string {
  let out = text;
  // Longest first, so a value that contains another is removed whole.
  for (const v of [...sensitive].sort((a, b) => b.length - a.length)) {
    if (v.length >= 4) out = out.split(v).join(REDACTED_VALUE);
  }
  return out;
}

function clip(text: string): string {
  return text.length > MAX_LENGTH ? `${text.slice(0, MAX_LENGTH)}…` : text;
}

/**
 * One line of Envoy's own log: Envoy prints rejected resources too, one field per line.
 * Known sensitive values go, and so do quoted values on lines of a resource dump.
 */
export function redactEnvoyLogLine(line: string, sensitive: readonly string[] = []): string {
  const dumpLine = /^\s*[a-z_]+(: |\s*\{)/.test(line);
  const rejection = /rejected: /.test(line);
  return removeValues(dumpLine || rejection ? blankQuotes(line, !dumpLine) : line, sensitive);
}
