// Envoy resources as generated: proto3 JSON objects (the form `attache translate` prints and
// the golden files hold), each with a stable name and the source resources that produced it.
import type { ResourceRef } from "../core/diagnostics.js";

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export const TYPE_URLS = {
  listener: "type.googleapis.com/envoy.config.listener.v3.Listener",
  route: "type.googleapis.com/envoy.config.route.v3.RouteConfiguration",
  cluster: "type.googleapis.com/envoy.config.cluster.v3.Cluster",
  endpoint: "type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment",
  secret: "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.Secret",
} as const;

export type ResourceType = keyof typeof TYPE_URLS;

/** Order in which a snapshot's types are pushed: make before break (CDS, EDS, LDS, RDS). */
export const PUSH_ORDER: readonly ResourceType[] = ["cluster", "endpoint", "listener", "route", "secret"];

export interface EnvoyResource {
  readonly name: string;
  /** proto3 JSON of the resource (without `@type`). */
  readonly json: JsonObject;
  /** The attache resources this Envoy resource was built from (for NACK attribution). */
  readonly sources: readonly ResourceRef[];
  /**
   * Names of the clusters this resource routes to (listeners and route configurations), so
   * the xDS server can keep them until no acknowledged route uses them (make before break).
   * When absent the snapshot builder derives them from `json`.
   */
  readonly refs?: readonly string[];
}

/** One complete, consistent Envoy configuration. Each list is sorted by name. */
export interface EnvoyConfig {
  readonly listeners: readonly EnvoyResource[];
  readonly routes: readonly EnvoyResource[];
  readonly clusters: readonly EnvoyResource[];
  readonly endpoints: readonly EnvoyResource[];
  readonly secrets: readonly EnvoyResource[];
}

export const CONFIG_KEYS: Record<ResourceType, keyof EnvoyConfig> = {
  listener: "listeners",
  route: "routes",
  cluster: "clusters",
  endpoint: "endpoints",
  secret: "secrets",
};
