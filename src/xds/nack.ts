// A configuration Envoy rejected, described so the runtime can report it against the attache
// resources that produced it.
import { refKey, type ResourceRef } from "../core/diagnostics.js";
import type { SentResponse } from "./client-state.js";
import { redactEnvoyMessage, type NackRedactor } from "./nack-redaction.js";

export interface NackRecord {
  readonly nodeId: string;
  readonly typeUrl: string;
  /** Version of the rejected response. */
  readonly version: string;
  /** Serial of the snapshot the rejected response came from (its version may carry kept extras). */
  readonly serial: number;
  readonly nonce: string;
  /** `error_detail.message`, redacted (see nack-redaction.ts): safe to log and show. */
  readonly message: string;
  /** Names in the rejected response that differ from the last ACKed one, in name order. */
  readonly resources: readonly string[];
  /** The attache resources those came from, de-duplicated, in first-seen order. */
  readonly sources: readonly ResourceRef[];
}

// The text as Envoy sent it, for attribution only (it quotes configured values): never printed.
const rawMessages = new WeakMap<NackRecord, string>();

export function rawNackMessage(rec: Pick<NackRecord, "message">): string {
  return rawMessages.get(rec as NackRecord) ?? rec.message;
}

export function describeNack(
  nodeId: string, typeUrl: string, rejected: SentResponse, lastGood: SentResponse | undefined, message: string,
  redact: NackRedactor = (m) => redactEnvoyMessage(m),
): NackRecord {
  const changed = [...rejected.resources.values()].filter((r) => lastGood?.resources.get(r.name)?.hash !== r.hash);
  // Rejecting content it had accepted before: nothing narrows it down, so blame the whole set.
  const blamed = changed.length > 0 ? changed : [...rejected.resources.values()];
  const sources = new Map<string, ResourceRef>();
  for (const r of blamed) for (const s of r.sources) if (!sources.has(refKey(s))) sources.set(refKey(s), s);
  const rec: NackRecord = {
    nodeId,
    typeUrl,
    version: rejected.version,
    serial: rejected.serial,
    nonce: rejected.nonce,
    message: redact(message),
    resources: blamed.map((r) => r.name),
    sources: [...sources.values()],
  };
  rawMessages.set(rec, message);
  return rec;
}
