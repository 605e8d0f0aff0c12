// Which resources belong to this instance. A resource with no `ambassador_id` belongs to the
// instance with id `default`; `_automatic_` belongs to every instance.
import { isPlainObject, isStringArray } from "./values.js";

const DEFAULT_AMBASSADOR_ID = "default";
const AUTOMATIC = "_automatic_";

/** The ids a spec names. A malformed value counts as matching so that validation reports it. */
function ambassadorIdsOf(spec: unknown): readonly string[] | undefined {
  if (!isPlainObject(spec) || spec.ambassador_id === undefined) return [DEFAULT_AMBASSADOR_ID];
  const v = spec.ambassador_id;
  if (typeof v === "string") return [v];
  if (isStringArray(v)) return v.length > 0 ? v : [DEFAULT_AMBASSADOR_ID];
  return undefined;
}

export function isForInstance(spec: unknown, ambassadorId: string): boolean {
  const ids = ambassadorIdsOf(spec);
  return ids === undefined || ids.includes(ambassadorId) || ids.includes(AUTOMATIC);
}
