// The last response each node ACKed, per type, kept across its streams. A client that
// reconnects most likely still runs it: a new stream starts from it, so the clusters the
// client's routes use are kept (make before break holds across reconnects too) and a NACK is
// compared with the right last good version. The client's first request of each type names
// the version it runs and corrects the assumption.
import type { SentResponse } from "./client-state.js";

export class AckedMemory {
  private readonly byNode = new Map<string, Map<string, SentResponse>>();

  remember(nodeId: string, typeUrl: string, response: SentResponse): void {
    let types = this.byNode.get(nodeId);
    if (!types) this.byNode.set(nodeId, (types = new Map()));
    types.set(typeUrl, response);
  }

  /** What the node last ACKed, by type URL. */
  recall(nodeId: string): ReadonlyMap<string, SentResponse> {
    return this.byNode.get(nodeId) ?? new Map();
  }
}
