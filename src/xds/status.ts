// Per-node protocol outcomes: ACK and NACK events for the runtime (readiness, which snapshot
// is live, rejected resources) and a snapshot of them for diagnostics.
import type { Logger } from "../util/logger.js";
import type { NackRecord } from "./nack.js";
import { compareStrings } from "../util/compare.js";

export interface AckEvent {
  readonly nodeId: string;
  readonly typeUrl: string;
  readonly version: string;
  /** Serial of the snapshot the ACKed response came from. */
  readonly serial: number;
}

export interface TypeStatus {
  readonly typeUrl: string;
  readonly ackedVersion?: string;
  readonly ackedSerial?: number;
  readonly lastNack?: NackRecord;
}

export interface NodeStatus {
  readonly nodeId: string;
  /** Open streams of the node. */
  readonly streams: number;
  /** By type URL. */
  readonly types: readonly TypeStatus[];
  readonly lastNack?: NackRecord;
}

export type XdsMode = "sotw" | "delta";

/** One response sent, or one answer to it, for counting (metrics). */
export interface XdsTraffic {
  readonly kind: "push" | "ack" | "nack";
  readonly nodeId: string;
  readonly typeUrl: string;
  readonly mode: XdsMode;
}

export interface XdsEvents {
  readonly onAck?: (event: AckEvent) => void;
  readonly onNack?: (nack: NackRecord) => void;
  readonly onTraffic?: (event: XdsTraffic) => void;
}

interface NodeEntry {
  streams: number;
  types: Map<string, TypeStatus>;
  lastNack?: NackRecord;
}

export class XdsStatus {
  private readonly nodes = new Map<string, NodeEntry>();

  constructor(
    private readonly events: XdsEvents = {},
    private readonly logger?: Logger,
  ) {}

  streamOpened(nodeId: string, peer: string): void {
    this.logger?.debug("xDS stream opened", { node: nodeId, peer });
    this.entry(nodeId).streams++;
  }

  streamClosed(nodeId: string, peer: string): void {
    this.logger?.debug("xDS stream closed", { node: nodeId, peer });
    this.entry(nodeId).streams--;
  }

  ack(event: AckEvent): void {
    const types = this.entry(event.nodeId).types;
    const prev = types.get(event.typeUrl);
    types.set(event.typeUrl, { ...prev, typeUrl: event.typeUrl, ackedVersion: event.version, ackedSerial: event.serial });
    this.logger?.debug("xDS ACK", { ...event });
    this.deliver("onAck", () => this.events.onAck?.(event));
  }

  nack(nack: NackRecord): void {
    const entry = this.entry(nack.nodeId);
    entry.types.set(nack.typeUrl, { ...(entry.types.get(nack.typeUrl) ?? { typeUrl: nack.typeUrl }), lastNack: nack });
    entry.lastNack = nack;
    this.logger?.warn("xDS NACK", { node: nack.nodeId, type: nack.typeUrl, version: nack.version, resources: nack.resources.join(","), message: nack.message });
    this.deliver("onNack", () => this.events.onNack?.(nack));
  }

  traffic(event: XdsTraffic): void {
    this.deliver("onTraffic", () => this.events.onTraffic?.(event));
  }

  /** Every node seen since start, by node id; types by type URL. */
  status(): NodeStatus[] {
    return [...this.nodes.entries()]
      .sort(([a], [b]) => compareStrings(a, b))
      .map(([nodeId, e]) => ({
        nodeId,
        streams: e.streams,
        types: [...e.types.values()].sort((a, b) => compareStrings(a.typeUrl, b.typeUrl)),
        ...(e.lastNack ? { lastNack: e.lastNack } : {}),
      }));
  }

  /** A failing listener must not take the ADS stream (or the process) down with it. */
  private deliver(name: string, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.logger?.error(`xDS ${name} listener failed`, { error: err instanceof Error ? err.stack ?? err.message : String(err) });
    }
  }

  private entry(nodeId: string): NodeEntry {
    let e = this.nodes.get(nodeId);
    if (!e) this.nodes.set(nodeId, (e = { streams: 0, types: new Map() }));
    return e;
  }
}
