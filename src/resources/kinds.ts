// Which (apiVersion, kind) pairs attache reads, which it knowingly ignores, and which are
// mistakes. A typo such as `kind: Maping` must be an error, not a silently dropped route.
import type { KindName } from "./schemas/index.js";
import { closest } from "./suggest.js";

export const AMBASSADOR_V3 = "getambassador.io/v3alpha1";
export const AMBASSADOR_V2 = "getambassador.io/v2";

const AMBASSADOR_KINDS: ReadonlySet<KindName> = new Set<KindName>([
  "Mapping", "Host", "Listener", "Module", "TLSContext", "KubernetesServiceResolver", "KubernetesEndpointResolver", "ConsulResolver",
  "LogService", "TracingService",
]);

function isAmbassadorKind(kind: string): kind is KindName {
  const known: ReadonlySet<string> = AMBASSADOR_KINDS;
  return known.has(kind);
}

/** Ambassador kinds that later issues implement: reported, not yet served. */
const LATER_AMBASSADOR_KINDS: ReadonlySet<string> = new Set([
  "TCPMapping", "AuthService", "RateLimitService",
  "DevPortal",
  "Filter", "FilterPolicy", "RateLimit", "Project", "ProjectController", "ProjectRevision",
]);

/** Ordinary Kubernetes objects often found next to Ambassador resources in a manifest directory. */
const KUBERNETES_KINDS: ReadonlySet<string> = new Set([
  "v1/ConfigMap", "v1/Namespace", "v1/ServiceAccount", "v1/Endpoints", "v1/Pod",
  "v1/PersistentVolumeClaim", "apps/v1/Deployment", "apps/v1/StatefulSet", "apps/v1/DaemonSet",
  "apps/v1/ReplicaSet", "batch/v1/Job", "batch/v1/CronJob", "networking.k8s.io/v1/NetworkPolicy",
  "rbac.authorization.k8s.io/v1/Role",
  "rbac.authorization.k8s.io/v1/RoleBinding", "rbac.authorization.k8s.io/v1/ClusterRole",
  "rbac.authorization.k8s.io/v1/ClusterRoleBinding", "policy/v1/PodDisruptionBudget",
  "autoscaling/v2/HorizontalPodAutoscaler", "apiextensions.k8s.io/v1/CustomResourceDefinition",
]);

export type KindClass =
  | { readonly use: KindName; readonly note?: string }
  | { readonly ignore: string }
  | { readonly reject: string; readonly field: "apiVersion" | "kind" };

export function classifyKind(apiVersion: string, kind: string): KindClass {
  if (apiVersion === "v1" && kind === "Service") return { use: "Service" };
  if (apiVersion === "v1" && kind === "Secret") return { use: "Secret" };
  if (apiVersion === "discovery.k8s.io/v1" && kind === "EndpointSlice") return { use: "EndpointSlice" };
  if (apiVersion === "networking.k8s.io/v1" && (kind === "Ingress" || kind === "IngressClass")) return { use: kind };
  const ambassador = apiVersion === AMBASSADOR_V3 || apiVersion === AMBASSADOR_V2;
  if (ambassador && isAmbassadorKind(kind)) {
    return apiVersion === AMBASSADOR_V2
      ? { use: kind, note: `${AMBASSADOR_V2} is read as ${AMBASSADOR_V3}; please migrate` }
      : { use: kind };
  }
  if (ambassador && LATER_AMBASSADOR_KINDS.has(kind)) return { ignore: `unsupported kind ${kind} (ignored)` };
  if (ambassador) return { reject: `unknown kind "${kind}" for ${apiVersion}`, field: "kind" };
  if (apiVersion.startsWith("getambassador.io/")) {
    return { reject: `unsupported apiVersion "${apiVersion}" (use ${AMBASSADOR_V3})`, field: "apiVersion" };
  }
  if (KUBERNETES_KINDS.has(`${apiVersion}/${kind}`)) return { ignore: `kind ${kind} (${apiVersion}) is not used by attache (ignored)` };
  // Other API groups (cert-manager Certificates, HPAs, webhooks, ...) live next to Ambassador
  // resources in real manifest sets: noted, never an error. The core group and names close to
  // Ambassador's stay errors: there a typo is far likelier than another product.
  if (isOtherApiGroup(apiVersion)) return { ignore: `kind ${kind} (${apiVersion}) is not used by attache (ignored)` };
  return { reject: `unknown apiVersion/kind "${apiVersion}" ${kind}`, field: "apiVersion" };
}

function isOtherApiGroup(apiVersion: string): boolean {
  const slash = apiVersion.indexOf("/");
  if (slash <= 0) return false;
  const group = apiVersion.slice(0, slash).toLowerCase();
  return !group.includes("ambassador") && closest(group, ["getambassador.io"]) === undefined;
}
