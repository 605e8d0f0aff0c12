// Reading what was thrown: anything can be, so these look before they use it.

/** The message of an Error, else the thrown value as text. */
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Node's error code (`ENOENT`, ...), when the thrown value carries one. */
export function errnoCode(err: unknown): string | undefined {
  return err instanceof Error && "code" in err && typeof err.code === "string" ? err.code : undefined;
}
