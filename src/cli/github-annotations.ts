// Diagnostics as GitHub Actions workflow commands (`::error file=F,line=L,title=T::message`),
// so a CI job running `attache validate --format github` marks each bad line in the pull
// request. Pure. GitHub's escaping: `%`, CR and LF in the message; also `:` and `,` in
// properties.
import { formatRef, type Diagnostic } from "../core/diagnostics.js";

function escapeData(s: string): string {
  return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

export function githubAnnotation(d: Diagnostic): string {
  const loc = d.location ?? d.ref?.location;
  const props: string[] = [];
  if (loc) props.push(`file=${escapeProperty(loc.file)}`);
  if (loc && loc.line > 0) props.push(`line=${loc.line}`);
  const who = d.ref ? formatRef({ ...d.ref, location: undefined }).trim() : "";
  if (who) props.push(`title=${escapeProperty(who)}`);
  const message = d.field ? `${d.field}: ${d.message}` : d.message;
  return `::${d.severity}${props.length ? ` ${props.join(",")}` : ""}::${escapeData(message)}`;
}
