// What Envoy would see change between two configurations: listeners, routes (each route of
// each route configuration's virtual hosts, by its stable name) and clusters added, removed
// and changed, with the fields that differ. Pure; `attache translate --diff` prints it.
import type { RouteJson } from "#gen/envoy/config/route/v3/route_components_pb.js";
import { compareStrings } from "../util/compare.js";
import type { EnvoyConfig } from "./types.js";

export interface ChangedEntry {
  readonly name: string;
  /** Dotted paths of the fields that differ, sorted (`route.timeout`, `filterChains`). */
  readonly fields: readonly string[];
}

export interface KindDiff {
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly changed: readonly ChangedEntry[];
}

export interface ConfigDiff {
  readonly listeners: KindDiff;
  readonly routes: KindDiff;
  readonly clusters: KindDiff;
  /** For a route: `match -> targets`, to show what an added or removed route did. */
  readonly routeSummaries: Readonly<Record<string, string>>;
}

type Json = unknown;

export function diffConfigs(before: EnvoyConfig, after: EnvoyConfig): ConfigDiff {
  const oldRoutes = routesOf(before);
  const newRoutes = routesOf(after);
  const routes = diffMaps(oldRoutes, newRoutes);
  const routeSummaries: Record<string, string> = {};
  for (const name of [...routes.added]) routeSummaries[name] = summary(newRoutes.get(name));
  for (const name of [...routes.removed]) routeSummaries[name] = summary(oldRoutes.get(name));
  for (const c of routes.changed) routeSummaries[c.name] = summary(newRoutes.get(c.name));
  return {
    listeners: diffMaps(byName(before.listeners), byName(after.listeners)),
    routes,
    clusters: diffMaps(byName(before.clusters), byName(after.clusters)),
    routeSummaries,
  };
}

export function isEmptyDiff(d: ConfigDiff): boolean {
  return [d.listeners, d.routes, d.clusters].every((k) => !k.added.length && !k.removed.length && !k.changed.length);
}

function byName(list: readonly { readonly name: string; readonly json: Json }[]): Map<string, Json> {
  return new Map(list.map((r) => [r.name, r.json]));
}

/** Routes keyed `<route configuration>/<virtual host>/<route>`: names are stable, positions are not. */
function routesOf(c: EnvoyConfig): Map<string, RouteJson> {
  const out = new Map<string, RouteJson>();
  for (const rc of c.routes) {
    for (const vh of rc.json.virtualHosts ?? []) {
      for (const r of vh.routes ?? []) out.set(`${rc.name}/${vh.name ?? ""}/${r.name ?? ""}`, r);
    }
  }
  return out;
}

function diffMaps(before: ReadonlyMap<string, Json>, after: ReadonlyMap<string, Json>): KindDiff {
  const added: string[] = [];
  const changed: ChangedEntry[] = [];
  for (const [name, json] of after) {
    if (!before.has(name)) added.push(name);
    else {
      const fields = differingFields(before.get(name), json, "");
      if (fields.length) changed.push({ name, fields: fields.sort(compareStrings) });
    }
  }
  const removed = [...before.keys()].filter((n) => !after.has(n));
  return {
    added: added.sort(compareStrings),
    removed: removed.sort(compareStrings),
    changed: changed.sort((a, b) => compareStrings(a.name, b.name)),
  };
}

const MAX_FIELD_DEPTH = 8;

// Objects key by key, lists of one length item by item (a filter chain, a filter), down to a
// few levels; a list that grew or shrank, and deeper values, as a whole.
function differingFields(a: Json, b: Json, path: string, depth = 0): string[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  if (depth < MAX_FIELD_DEPTH && Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    return a.flatMap((x, i) => differingFields(x, b[i], `${path}[${i}]`, depth + 1));
  }
  if (depth >= MAX_FIELD_DEPTH || !isObject(a) || !isObject(b)) return [path || "(value)"];
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  return keys.flatMap((k) => differingFields(a[k], b[k], path ? `${path}.${k}` : k, depth + 1));
}

function isObject(v: Json): v is Record<string, Json> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function summary(r: RouteJson | undefined): string {
  if (!r) return "";
  const m = r.match ?? {};
  const path = m.prefix !== undefined ? `prefix ${m.prefix}` : m.path !== undefined ? `path ${m.path}` : m.safeRegex ? `regex ${m.safeRegex.regex ?? ""}` : "any path";
  const headers = (m.headers ?? []).map((h) => h.name ?? "").filter((n) => n).map((n) => ` ${n}`).join("");
  const action = r.route;
  const target = action?.cluster ?? action?.weightedClusters?.clusters?.map((w) => `${w.name ?? ""}=${w.weight ?? 0}`).join(",")
    ?? (r.redirect ? "redirect" : r.directResponse ? `direct ${r.directResponse.status ?? ""}` : "");
  return `${path}${headers ? ` [${headers.trim()}]` : ""} -> ${target}`;
}
