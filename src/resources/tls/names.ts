// The TLS names Envoy's BoringSSL accepts. An unknown cipher or curve makes Envoy reject the
// whole listener (or cluster), so it is refused here, on the one resource that names it.

/** TLS 1.0-1.2 cipher suites (TLS 1.3 suites are not configurable in Envoy). */
export const CIPHER_SUITES: ReadonlySet<string> = new Set([
  "ECDHE-ECDSA-AES128-GCM-SHA256",
  "ECDHE-ECDSA-CHACHA20-POLY1305",
  "ECDHE-RSA-AES128-GCM-SHA256",
  "ECDHE-RSA-CHACHA20-POLY1305",
  "ECDHE-ECDSA-AES128-SHA",
  "ECDHE-RSA-AES128-SHA",
  "AES128-GCM-SHA256",
  "AES128-SHA",
  "ECDHE-ECDSA-AES256-GCM-SHA384",
  "ECDHE-RSA-AES256-GCM-SHA384",
  "ECDHE-ECDSA-AES256-SHA",
  "ECDHE-RSA-AES256-SHA",
  "AES256-GCM-SHA384",
  "AES256-SHA",
  "ECDHE-PSK-AES128-CBC-SHA",
  "ECDHE-PSK-AES256-CBC-SHA",
  "ECDHE-PSK-CHACHA20-POLY1305",
  "PSK-AES128-CBC-SHA",
  "PSK-AES256-CBC-SHA",
]);

export const ECDH_CURVES: ReadonlySet<string> = new Set(["X25519", "P-256", "P-384", "P-521", "X25519MLKEM768"]);

/** `[A|B]` is an equal-preference group of suites, as BoringSSL writes them. */
export function unknownCipher(entry: string): string | undefined {
  const names = entry.startsWith("[") && entry.endsWith("]") ? entry.slice(1, -1).split("|") : [entry];
  return names.find((n) => !CIPHER_SUITES.has(n));
}
