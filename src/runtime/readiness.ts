// Readiness from Envoy's ACKs. Every snapshot is complete, so once Envoy has ACKed each core
// type at least once it runs a complete config; a restarted Envoy starts from nothing and has
// to ACK again. Also answers whether Envoy runs the current snapshot (for resource status).
import type { Logger } from "../util/logger.js";
import type { AckEvent } from "../xds/status.js";
import type { Snapshot } from "../xds/snapshot.js";
import { READINESS_TYPES } from "../xds/resource-types.js";

/** The types whose first ACK readiness waits for; other types count only if Envoy asked for them. */
const REQUIRED_ACKS: readonly string[] = READINESS_TYPES;

export class Readiness {
  private readonly acked = new Map<string, { version: string; serial: number }>();
  private ready = false;

  constructor(
    private readonly log: Logger,
    private readonly onReady: () => void,
  ) {}

  ack(e: AckEvent): void {
    this.acked.set(e.typeUrl, { version: e.version, serial: e.serial });
    if (!this.ready && REQUIRED_ACKS.every((t) => this.acked.has(t))) {
      this.ready = true;
      this.log.info("Envoy acknowledged the configuration: ready");
      this.onReady();
    }
  }

  envoyRestarted(): void {
    this.acked.clear();
    this.ready = false;
  }

  /** Serial of the snapshot whose `typeUrl` resources Envoy last accepted. */
  ackedSerial(typeUrl: string): number | undefined {
    return this.acked.get(typeUrl)?.serial;
  }

  ackedVersions(): Record<string, string> {
    return Object.fromEntries([...this.acked].map(([t, a]) => [t, a.version]));
  }

  /** Envoy ACKed the current version of every type it subscribed to. */
  runsCurrent(current: Snapshot | undefined): boolean {
    if (!current) return false;
    return Object.entries(current.types).every(([t, ts]) => {
      const acked = this.acked.get(t);
      return acked ? acked.version === ts.version : !REQUIRED_ACKS.includes(t);
    });
  }
}
