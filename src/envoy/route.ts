// IR route -> Envoy Route. A canary group becomes one route with weighted clusters; per-member
// header changes and host rewrites ride on each weighted cluster.
import type { IRHeaderMatch, IRHeaderMutations, IRQueryMatch, IRRoute, IRRouteMatch, IRRouteTarget } from "../ir/types.js";
import type { JsonObject, JsonValue } from "./types.js";
import { compact, duration } from "./values.js";

export function routeJson(r: IRRoute, extraHeaders: readonly JsonObject[] = []): JsonObject {
  const single = r.targets.length === 1 ? r.targets[0] : undefined;
  return compact({
    name: r.name,
    match: matchJson(r.match, extraHeaders),
    route: compact({
      cluster: single?.cluster,
      weightedClusters: single ? undefined : { clusters: r.targets.map(weightedCluster) },
      prefixRewrite: r.prefixRewrite,
      regexRewrite: r.regexRewrite ? { pattern: { regex: r.regexRewrite.pattern }, substitution: r.regexRewrite.substitution } : undefined,
      hostRewriteLiteral: single?.hostRewrite,
      timeout: duration(r.timeoutMs),
      idleTimeout: r.idleTimeoutMs !== undefined ? duration(r.idleTimeoutMs) : undefined,
    }),
    ...(single ? headerMutationsJson(single.headers) : {}),
  });
}

function matchJson(m: IRRouteMatch, extraHeaders: readonly JsonObject[]): JsonObject {
  const headers = [...m.headers.map(headerMatcher), ...extraHeaders];
  return compact({
    prefix: m.path.kind === "prefix" ? m.path.value : undefined,
    path: m.path.kind === "exact" ? m.path.value : undefined,
    safeRegex: m.path.kind === "regex" ? { regex: m.path.value } : undefined,
    caseSensitive: m.caseSensitive ? undefined : false,
    headers: headers.length ? headers : undefined,
    queryParameters: m.query.length ? m.query.map(queryMatcher) : undefined,
  });
}

function headerMatcher(h: IRHeaderMatch): JsonObject {
  if (h.kind === "present") return { name: h.name, presentMatch: true };
  // Host names are case-insensitive; other header values are matched as written.
  const authority = h.name === ":authority";
  if (h.kind === "regex") return { name: h.name, stringMatch: { safeRegex: { regex: authority ? `(?i)${h.value}` : h.value } } };
  return { name: h.name, stringMatch: compact({ exact: h.value, ignoreCase: authority ? true : undefined }) };
}

function queryMatcher(q: IRQueryMatch): JsonObject {
  if (q.kind === "present") return { name: q.name, presentMatch: true };
  return { name: q.name, stringMatch: q.kind === "regex" ? { safeRegex: { regex: q.value } } : { exact: q.value } };
}

function weightedCluster(t: IRRouteTarget): JsonObject {
  return compact({ name: t.cluster, weight: t.weight, hostRewriteLiteral: t.hostRewrite, ...headerMutationsJson(t.headers) });
}

function headerMutationsJson(h: IRHeaderMutations): Record<string, JsonValue | undefined> {
  const adds = (list: IRHeaderMutations["addRequest"]): JsonObject[] | undefined =>
    list.length
      ? list.map((a) =>
          // Appending is Envoy's default (APPEND_IF_EXISTS_OR_ADD), which canonical JSON omits.
          compact({ header: { key: a.name, value: a.value }, appendAction: a.append === false ? "OVERWRITE_IF_EXISTS_OR_ADD" : undefined }),
        )
      : undefined;
  return {
    requestHeadersToAdd: adds(h.addRequest),
    requestHeadersToRemove: h.removeRequest.length ? [...h.removeRequest] : undefined,
    responseHeadersToAdd: adds(h.addResponse),
    responseHeadersToRemove: h.removeResponse.length ? [...h.removeResponse] : undefined,
  };
}
