// A configuration Envoy rejected, described so the runtime can report it against the attache
// resources that produced it.
import { refKey, type ResourceRef } from "../core/diagnostics.js";
import type { SentResponse } from "./client-state.js";

export interface NackRecord {
  readonly nodeId: string;
  readonly typeUrl: string;
  /** Version of the rejected response. */
  readonly version: string;
  /** Serial of the snapshot the rejected response came from (its version may carry kept extras). */
  readonly serial: number;
  readonly nonce: string;
  /** `error_detail.message` as the client sent it. */
  readonly message: string;
  /** Names in the rejected response that differ from the last ACKed one, in name order. */
  readonly resources: readonly string[];
  /** The attache resources those came from, de-duplicated, in first-seen order. */
  readonly sources: readonly ResourceRef[];
}

export function describeNack(nodeId: string, typeUrl: string, rejected: SentResponse, lastGood: SentResponse | undefined, message: string): NackRecord {
  const changed = [...rejected.resources.values()].filter((r) => lastGood?.resources.get(r.name)?.hash !== r.hash);
  // Rejecting content it had accepted before: nothing narrows it down, so blame the whole set.
  const blamed = changed.length > 0 ? changed : [...rejected.resources.values()];
  const sources = new Map<string, ResourceRef>();
  for (const r of blamed) for (const s of r.sources) if (!sources.has(refKey(s))) sources.set(refKey(s), s);
  return {
    nodeId,
    typeUrl,
    version: rejected.version,
    serial: rejected.serial,
    nonce: rejected.nonce,
    message,
    resources: blamed.map((r) => r.name),
    sources: [...sources.values()],
  };
}
