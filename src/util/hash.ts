// Short, stable content hashes for names and versions (never list positions or timestamps).
import { createHash } from "node:crypto";

export function shortHash(text: string, length = 12): string {
  return createHash("sha256").update(text).digest("hex").slice(0, length);
}
