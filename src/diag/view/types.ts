// The diagnostics page's data, as `?json=true` serves it: plain JSON, already redacted, in
// stable orders (routes in Envoy's order, resources by kind, namespace and name).
import type { Diagnostic } from "../../core/diagnostics.js";

/** A resource as the page names it; `key` is `kind/namespace/name`, `at` is file:line. */
export interface RefView {
  readonly key: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly at?: string;
}

/** ok: served as is; warning: served, with warnings; error: invalid or rejected by Envoy, not served. */
export type ResourceState = "ok" | "warning" | "error";

export interface ResourceRow extends RefView {
  readonly state: ResourceState;
  /** Envoy rejected it (NACK) and it is kept out until it changes. */
  readonly rejected: boolean;
  readonly errors: readonly string[];
  readonly warnings: readonly string[];
}

export interface RouteTargetView {
  readonly cluster: string;
  readonly weight: number;
}

export interface RouteRow {
  /** Position in Envoy's order within its virtual host (0-based). */
  readonly index: number;
  readonly routeConfig: string;
  readonly virtualHost: string;
  readonly domains: readonly string[];
  readonly name: string;
  /** Human form, e.g. `prefix /api/ · :method GET`; sensitive header values redacted. */
  readonly match: string;
  readonly sources: readonly RefView[];
  readonly targets: readonly RouteTargetView[];
}

export interface EndpointView {
  readonly address: string;
  /** Envoy's health for the host, e.g. HEALTHY; `unknown` when Envoy's admin did not answer. */
  readonly health: string;
}

export interface ClusterRow {
  readonly name: string;
  readonly discovery: string;
  readonly upstream: string;
  readonly sources: readonly RefView[];
  readonly endpoints: readonly EndpointView[];
}

export interface TypeVersionView {
  readonly type: string;
  readonly acked?: string;
  /** The last response Envoy rejected; `current`: nothing newer was accepted since. */
  readonly rejected?: { readonly version: string; readonly message: string; readonly current: boolean };
}

export interface ProxyView {
  readonly nodeId: string;
  readonly streams: number;
  readonly types: readonly TypeVersionView[];
}

export interface NackView {
  readonly type: string;
  readonly version: string;
  readonly message: string;
  /** The resources quarantined for it; without any, the first of those that changed in it. */
  readonly resources: readonly RefView[];
  /** Further changed resources not listed. */
  readonly more: number;
}

export interface CountRow {
  readonly kind: string;
  readonly ok: number;
  readonly warning: number;
  readonly error: number;
}

export interface Overview {
  readonly proxies: readonly ProxyView[];
  readonly versions: Readonly<Record<string, string>>;
  readonly reconfigurations: readonly unknown[];
  readonly counts: readonly CountRow[];
  readonly totals: { readonly routes: number; readonly clusters: number; readonly resources: number; readonly errors: number; readonly warnings: number };
  readonly nacks: readonly NackView[];
  /** Problems with files as a whole (a file that does not parse). */
  readonly fileProblems: readonly string[];
}

export interface Page<T> {
  readonly total: number;
  /** Rows after the filter. */
  readonly matched: number;
  readonly offset: number;
  readonly rows: readonly T[];
}

export interface ResourceDetail {
  readonly resource: ResourceRow;
  readonly diagnostics: readonly Diagnostic[];
  /** The source document as YAML (redacted); absent for Secrets and unknown documents. */
  readonly source?: string;
  /** What it became in the IR: the nodes that name it among their sources. */
  readonly ir: Readonly<Record<string, readonly unknown[]>>;
  /** The Envoy resources built from it, `type name`, and the routes inside route configurations. */
  readonly envoy: readonly { readonly type: string; readonly name: string; readonly routes?: readonly string[] }[];
}
