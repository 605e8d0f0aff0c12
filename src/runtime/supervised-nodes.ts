// Only the Envoy attache supervises may change what attache serves. Any other client of the
// ADS server may read configuration, but its ACKs do not make attache ready and its NACKs do
// not quarantine anything: otherwise a forged NACK quoting a Mapping's values would remove
// that route. In Kubernetes mode the deployment's Envoys share the node id of their own pod's
// attache, so the id names them all.
import type { Logger } from "../util/logger.js";
import type { NackRecord } from "../xds/nack.js";
import type { AckEvent } from "../xds/status.js";

export interface XdsOutcomeHandlers {
  readonly onAck: (e: AckEvent) => void;
  readonly onNack: (n: NackRecord) => void;
}

export function fromSupervisedNodes(nodeIds: readonly string[], target: XdsOutcomeHandlers, log: Logger): XdsOutcomeHandlers {
  const ours = new Set(nodeIds);
  return {
    onAck: (e) => {
      if (ours.has(e.nodeId)) target.onAck(e);
    },
    onNack: (n) => {
      if (ours.has(n.nodeId)) target.onNack(n);
      else log.warn("NACK from an Envoy attache does not supervise: logged only, nothing quarantined", { node: n.nodeId, type: n.typeUrl, message: n.message });
    },
  };
}
