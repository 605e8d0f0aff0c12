// HTTP header name rules (RFC 9110 tokens) and the extra restrictions Envoy applies when
// headers are added or removed: it refuses pseudo-headers and `host` there (config NACK).

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** For header *matches*: a token, or a pseudo-header such as `:authority`. */
export function checkMatchHeaderName(name: string): string | undefined {
  const bare = name.startsWith(":") ? name.slice(1) : name;
  return TOKEN.test(bare) ? undefined : `"${name}" is not a valid header name`;
}

/** For headers to add or remove. */
export function checkMutableHeaderName(name: string): string | undefined {
  if (name.startsWith(":")) return `pseudo-header "${name}" cannot be added or removed`;
  if (!TOKEN.test(name)) return `"${name}" is not a valid header name`;
  if (name.toLowerCase() === "host") return `"host" cannot be added or removed (use host_rewrite)`;
  return undefined;
}

/** Header values must not smuggle line breaks or NUL into the request. */
export function checkHeaderValue(value: string): string | undefined {
  return /[\r\n\0]/.test(value) ? "header value must not contain CR, LF or NUL" : undefined;
}
