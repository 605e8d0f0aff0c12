// The Kubernetes resource types attache reads, and the API paths to list and watch them.

export interface ResourceType {
  readonly kind: string;
  /** As objects carry it: `v1` for the core group, else `group/version`. */
  readonly apiVersion: string;
  /** The URL name, e.g. `mappings`. */
  readonly plural: string;
  readonly namespaced: boolean;
  /**
   * getambassador.io objects lose `status`: attache (or another controller) writing status must
   * not look like a configuration change.
   */
  readonly stripStatus: boolean;
}

const AMBASSADOR_API = "getambassador.io/v3alpha1";

const AMBASSADOR_KINDS = [
  "Mapping",
  "Host",
  "Listener",
  "Module",
  "TLSContext",
  "TCPMapping",
  "AuthService",
  "RateLimitService",
  "LogService",
  "TracingService",
  "KubernetesServiceResolver",
  "KubernetesEndpointResolver",
  "ConsulResolver",
] as const;

export const WATCHED_TYPES: readonly ResourceType[] = [
  ...AMBASSADOR_KINDS.map((kind) => ({ kind, apiVersion: AMBASSADOR_API, plural: `${kind.toLowerCase()}s`, namespaced: true, stripStatus: true })),
  { kind: "Service", apiVersion: "v1", plural: "services", namespaced: true, stripStatus: false },
  { kind: "Secret", apiVersion: "v1", plural: "secrets", namespaced: true, stripStatus: false },
  { kind: "EndpointSlice", apiVersion: "discovery.k8s.io/v1", plural: "endpointslices", namespaced: true, stripStatus: false },
  { kind: "Ingress", apiVersion: "networking.k8s.io/v1", plural: "ingresses", namespaced: true, stripStatus: false },
  { kind: "IngressClass", apiVersion: "networking.k8s.io/v1", plural: "ingressclasses", namespaced: false, stripStatus: false },
];

/** The collection path: cluster-wide when `namespace` is undefined (or the type is cluster-scoped). */
function collectionPath(type: ResourceType, namespace: string | undefined): string {
  const root = type.apiVersion.includes("/") ? `/apis/${type.apiVersion}` : `/api/${type.apiVersion}`;
  const ns = type.namespaced && namespace !== undefined ? `/namespaces/${encodeURIComponent(namespace)}` : "";
  return `${root}${ns}/${type.plural}`;
}

export function listPath(type: ResourceType, namespace: string | undefined, limit: number, continueToken: string | undefined): string {
  const q = new URLSearchParams({ limit: String(limit) });
  if (continueToken) q.set("continue", continueToken);
  return `${collectionPath(type, namespace)}?${q.toString()}`;
}

export function watchPath(type: ResourceType, namespace: string | undefined, resourceVersion: string, timeoutSeconds: number): string {
  const q = new URLSearchParams({ watch: "1", allowWatchBookmarks: "true", resourceVersion, timeoutSeconds: String(timeoutSeconds) });
  return `${collectionPath(type, namespace)}?${q.toString()}`;
}

/** One list+watch per namespaced type per namespace (all namespaces: one); cluster-scoped types once. */
export function watchScopes(types: readonly ResourceType[], namespaces: readonly string[]): { type: ResourceType; namespace: string | undefined }[] {
  const out: { type: ResourceType; namespace: string | undefined }[] = [];
  for (const type of types) {
    if (!type.namespaced || namespaces.length === 0) out.push({ type, namespace: undefined });
    else for (const namespace of [...new Set(namespaces)].sort()) out.push({ type, namespace });
  }
  return out;
}

/** `mappings (all namespaces)`, `services in ns a`: for diagnostics and logs. */
export function describeScope(type: ResourceType, namespace: string | undefined): string {
  if (!type.namespaced) return type.plural;
  return namespace === undefined ? `${type.plural} (all namespaces)` : `${type.plural} in namespace ${namespace}`;
}
