// Which snapshot serial each node has ACKed per type, fed by the ADS server's onAck events,
// and a bounded wait for "every node has ACKed at least serial S of these types".
import type { AckEvent } from "../../src/xds/status.js";

export class AckTracker {
  private readonly acked = new Map<string, Map<string, number>>();

  record(e: AckEvent): void {
    let types = this.acked.get(e.nodeId);
    if (!types) this.acked.set(e.nodeId, (types = new Map()));
    types.set(e.typeUrl, Math.max(types.get(e.typeUrl) ?? 0, e.serial));
  }

  /** Nodes that have not yet ACKed `serial` (or later) of every type in `typeUrls`. */
  behind(nodes: readonly string[], typeUrls: readonly string[], serial: number): string[] {
    return nodes.filter((n) => typeUrls.some((t) => (this.acked.get(n)?.get(t) ?? 0) < serial));
  }

  /** Resolves with the time (performance.now()) the last node caught up; rejects after timeoutMs. */
  async waitAll(nodes: readonly string[], typeUrls: readonly string[], serial: number, timeoutMs: number, isBroken: () => string | undefined): Promise<number> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const behind = this.behind(nodes, typeUrls, serial);
      if (behind.length === 0) return performance.now();
      const broken = isBroken();
      if (broken) throw new Error(broken);
      if (performance.now() > deadline) throw new Error(`${behind.length} clients had not ACKed serial ${serial} after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 2));
    }
  }
}
