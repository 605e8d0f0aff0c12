// Hostname globs as Ambassador uses them (`*`, `*.example.com`, `foo.*`, with an optional port):
// whether two globs can match a common name, and how to express one for Envoy.

/** Drops a trailing `:port` (hostnames are matched without ports; see the HCM's port stripping). */
export function stripPort(hostname: string): string {
  if (hostname.startsWith("[")) {
    const end = hostname.indexOf("]");
    return end > 0 ? hostname.slice(0, end + 1) : hostname;
  }
  const colon = hostname.lastIndexOf(":");
  return colon > 0 && /^\d+$/.test(hostname.slice(colon + 1)) ? hostname.slice(0, colon) : hostname;
}

/** True when some concrete hostname matches both globs (case-insensitive). */
export function globsIntersect(a: string, b: string): boolean {
  const x = stripPort(a).toLowerCase();
  const y = stripPort(b).toLowerCase();
  if (x === "*" || y === "*") return true;
  return matchGlob(x, y) || matchGlob(y, x) || bothWildcardsOverlap(x, y);
}

/** Does the glob `pattern` match the string `name` (where `*` in `name` is taken literally)? */
function matchGlob(pattern: string, name: string): boolean {
  const star = pattern.indexOf("*");
  if (star < 0) return pattern === name;
  const head = pattern.slice(0, star);
  const tail = pattern.slice(star + 1);
  return name.length >= head.length + tail.length && name.startsWith(head) && name.endsWith(tail);
}

// `*.example.com` and `foo.*` both match `foo.example.com`: a leading and a trailing wildcard
// always meet; two leading (or two trailing) ones meet when one suffix contains the other.
function bothWildcardsOverlap(x: string, y: string): boolean {
  const xs = x.startsWith("*"), ys = y.startsWith("*");
  const xe = x.endsWith("*"), ye = y.endsWith("*");
  if ((xs && ye) || (xe && ys)) return true;
  if (xs && ys) return x.slice(1).endsWith(y.slice(1)) || y.slice(1).endsWith(x.slice(1));
  if (xe && ye) return x.slice(0, -1).startsWith(y.slice(0, -1)) || y.slice(0, -1).startsWith(x.slice(0, -1));
  return false;
}

/** An RE2 regex for the names the glob matches (`*` stands for one or more characters). */
export function globToRegex(glob: string): string {
  return glob
    .toLowerCase()
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join("[^:]+");
}
