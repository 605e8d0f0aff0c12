// What one Mapping asks of its route besides the match: rewrites, timeouts, retries, the hash
// its load balancer uses, upgrades, priority, redirects. Module defaults are applied here.
import type { CorsSpec, LoadBalancerSpec, Mapping, Module, RetryPolicySpec } from "../resources/types.js";
import { compareStrings } from "../util/compare.js";
import { durationMs } from "./durations.js";
import { withoutUndefined } from "./without-undefined.js";
import type { IRCors, IRHashPolicy, IRRedirect, IRRetryPolicy, IRRouteSettings } from "./types.js";

const DEFAULT_REQUEST_TIMEOUT_MS = 3000;

/** The Module's route-level defaults; `key` changes exactly when they do (the route cache uses it). */
export interface RouteDefaults {
  readonly timeoutMs: number;
  readonly retryPolicy?: RetryPolicySpec;
  /** What a ring_hash / maglev default hashes on is the route's part of it. */
  readonly loadBalancer?: LoadBalancerSpec;
  readonly cors?: CorsSpec;
  /** The Module's add_linkerd_headers, for Mappings that do not say. */
  readonly linkerdHeaders: boolean;
  readonly key: string;
}

export function routeDefaults(module: Module | undefined): RouteDefaults {
  const timeoutMs = module?.config.cluster_request_timeout_ms ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const retryPolicy = module?.config.retry_policy;
  const loadBalancer = module?.config.load_balancer;
  const cors = module?.config.cors;
  const linkerdHeaders = module?.config.add_linkerd_headers === true;
  return { timeoutMs, retryPolicy, loadBalancer, cors, linkerdHeaders, key: JSON.stringify([timeoutMs, retryPolicy ?? null, loadBalancer ?? null, cors ?? null, linkerdHeaders]) };
}

export function routeSettingsFor(m: Mapping, d: RouteDefaults): IRRouteSettings {
  const s = m.spec;
  const upgrades = [...new Set([...(s.allow_upgrade ?? []).map((u) => u.toLowerCase()), ...(s.use_websocket ? ["websocket"] : [])])].sort(compareStrings);
  return withoutUndefined({
    ...rewriteFor(m),
    timeoutMs: s.timeout_ms ?? d.timeoutMs,
    idleTimeoutMs: s.idle_timeout_ms,
    retryPolicy: retryPolicy(s.retry_policy ?? d.retryPolicy),
    hashPolicy: hashPolicy(s.load_balancer ?? d.loadBalancer),
    upgrades: upgrades.length ? upgrades : undefined,
    highPriority: s.priority === "high" ? true : undefined,
    autoHostRewrite: s.auto_host_rewrite === true ? true : undefined,
    cors: corsFor(s.cors ?? d.cors),
  });
}

function rewriteFor(m: Mapping): Pick<IRRouteSettings, "prefixRewrite" | "regexRewrite"> {
  const s = m.spec;
  if (s.regex_rewrite) return { regexRewrite: { pattern: s.regex_rewrite.pattern, substitution: s.regex_rewrite.substitution } };
  // A regex matches the whole path, so the default `/` would replace every path with `/`:
  // regex Mappings keep their path unless they ask for a rewrite.
  const rewrite = s.rewrite ?? (s.prefix_regex ? "" : "/");
  return rewrite === "" ? {} : { prefixRewrite: rewrite };
}

// Ambassador's retry_on values are Envoy's; a policy without retry_on retries nothing, so it
// gets Envoy's broadest common choice, 5xx, as Ambassador's docs example does.
function retryPolicy(p: RetryPolicySpec | undefined): IRRetryPolicy | undefined {
  if (!p) return undefined;
  return withoutUndefined({
    retryOn: p.retry_on ?? "5xx",
    numRetries: p.num_retries,
    perTryTimeoutMs: p.per_try_timeout !== undefined ? durationMs(p.per_try_timeout) : undefined,
  });
}

function hashPolicy(lb: LoadBalancerSpec | undefined): IRHashPolicy | undefined {
  if (!lb || (lb.policy !== "ring_hash" && lb.policy !== "maglev")) return undefined;
  if (lb.cookie) return withoutUndefined<IRHashPolicy>({ kind: "cookie", name: lb.cookie.name, path: lb.cookie.path, ttlMs: lb.cookie.ttl !== undefined ? durationMs(lb.cookie.ttl) : undefined });
  if (lb.header !== undefined) return { kind: "header", name: lb.header.toLowerCase() };
  if (lb.source_ip) return { kind: "sourceIp" };
  return undefined;
}

function corsFor(c: CorsSpec | undefined): IRCors | undefined {
  if (!c) return undefined;
  const joined = (l: readonly string[] | undefined) => (l?.length ? l.join(",") : undefined);
  return withoutUndefined({
    origins: [...(c.origins ?? [])],
    methods: joined(c.methods),
    headers: joined(c.headers),
    exposedHeaders: joined(c.exposed_headers),
    maxAge: c.max_age,
    credentials: c.credentials,
  });
}

const CODES = [301, 302, 303, 307, 308] as const;

/** `host_redirect: true`: the service names the host to redirect to. */
export function redirectFor(m: Mapping): IRRedirect | undefined {
  const s = m.spec;
  if (s.host_redirect !== true) return undefined;
  const code = CODES.find((c) => c === s.redirect_response_code);
  const ref = m.service;
  const name = ref.namespace !== undefined ? `${ref.host}.${ref.namespace}` : ref.host;
  return withoutUndefined({
    host: name.includes(":") ? `[${name}]` : name,
    port: m.service.port,
    https: m.service.scheme === "https" ? true : undefined,
    path: s.path_redirect,
    prefix: s.prefix_redirect,
    regex: s.regex_redirect ? { pattern: s.regex_redirect.pattern, substitution: s.regex_redirect.substitution } : undefined,
    responseCode: code,
  });
}
