// The status attache reports on each getambassador.io resource, in the shapes Kubernetes uses
// (metav1.Condition), plus the per-resource facts the conditions are computed from.
import type { Diagnostic, ResourceRef } from "../core/diagnostics.js";

export type ConditionStatus = "True" | "False" | "Unknown";

/** metav1.Condition. */
export interface Condition {
  readonly type: "Accepted" | "Programmed";
  readonly status: ConditionStatus;
  readonly reason: string;
  readonly message: string;
  readonly observedGeneration?: number;
  /** RFC 3339, seconds precision (what metav1.Time serialises to). */
  readonly lastTransitionTime: string;
}

export interface ResourceStatus {
  readonly observedGeneration?: number;
  readonly conditions: readonly Condition[];
  /** Mirrors Ambassador's Mapping status: `Running` or `Inactive`. Mappings only. */
  readonly state?: "Running" | "Inactive";
  readonly reason?: string;
}

/** Everything known about one resource this instance reports on. */
export interface ResourceFacts {
  readonly ref: ResourceRef;
  readonly generation?: number;
  /** Diagnostics naming this resource, in stable order. */
  readonly diagnostics: readonly Diagnostic[];
  /** Envoy runs (has ACKed) the configuration built from the current resource set. */
  readonly envoyAcked: boolean;
}

export interface StatusEntry {
  readonly ref: ResourceRef;
  readonly status: ResourceStatus;
}
