// The permission matrix attache's ServiceAccount must show, as SubjectAccessReviews answered by a
// real API server: read what it watches, write only status and its Lease, nothing else. Shared by
// the plain manifests' test (deploy.test.ts) and the Helm chart's (helm.test.ts).
import assert from "node:assert/strict";

export const PLURALS = [
  "mappings", "hosts", "listeners", "modules", "tlscontexts", "tcpmappings", "authservices",
  "ratelimitservices", "logservices", "tracingservices", "kubernetesserviceresolvers",
  "kubernetesendpointresolvers", "consulresolvers",
];

/** [expected allowed, verb, group, resource, subresource?, namespace? ("" = cluster-wide)] */
export type Check = [boolean, string, string, string, string?, string?];

export interface MatrixScope {
  /** Namespaces attache reads; "all" for a cluster-wide install. */
  readonly watched: readonly string[] | "all";
  /** A namespace it reads when "all" (any other when a list). */
  readonly sample: string;
  /** Where its Lease lives. */
  readonly leaseNamespace: string;
}

export const describeCheck = ([allowed, verb, group, resource, sub, ns]: Check) =>
  `${verb} ${resource}${group ? `.${group}` : ""}${sub ? `/${sub}` : ""}${ns !== undefined ? ` -n ${ns || "(all)"}` : ""} should be ${allowed ? "allowed" : "denied"}`;

const READ_GROUPS = [["", "services"], ["", "secrets"], ["discovery.k8s.io", "endpointslices"], ["networking.k8s.io", "ingresses"]] as const;

/** What attache may do in namespace `ns` (`allowed`: it watches it) and may never do there. */
function namespaceChecks(ns: string, allowed: boolean): Check[] {
  const checks: Check[] = [];
  for (const p of PLURALS) {
    for (const verb of ["get", "list", "watch"]) checks.push([allowed, verb, "getambassador.io", p, undefined, ns]);
    for (const verb of ["get", "update", "patch"]) checks.push([allowed, verb, "getambassador.io", p, "status", ns]);
    for (const verb of ["create", "update", "patch", "delete", "deletecollection"]) checks.push([false, verb, "getambassador.io", p, undefined, ns]);
    checks.push([false, "create", "getambassador.io", p, "status", ns]);
  }
  for (const [group, resource] of READ_GROUPS) {
    for (const verb of ["get", "list", "watch"]) checks.push([allowed, verb, group, resource, undefined, ns]);
    for (const verb of ["create", "update", "patch", "delete"]) checks.push([false, verb, group, resource, undefined, ns]);
    checks.push([false, "update", group, resource, "status", ns]);
  }
  return checks;
}

export function permissionMatrix(scope: MatrixScope): Check[] {
  const checks: Check[] = [];
  if (scope.watched === "all") {
    checks.push(...namespaceChecks(scope.sample, true), ...namespaceChecks("", true).filter(([, verb]) => verb === "list" || verb === "watch"));
  } else {
    for (const ns of scope.watched) checks.push(...namespaceChecks(ns, true));
    checks.push(...namespaceChecks(scope.sample, false));
    // Nothing cluster-wide: no list of every namespace's Mappings or Secrets.
    checks.push([false, "list", "getambassador.io", "mappings", undefined, ""], [false, "list", "", "secrets", undefined, ""]);
  }
  // IngressClasses are cluster-scoped: readable in either case, never writable.
  for (const verb of ["get", "list", "watch"]) checks.push([true, verb, "networking.k8s.io", "ingressclasses", undefined, ""]);
  for (const verb of ["create", "update", "patch", "delete"]) checks.push([false, verb, "networking.k8s.io", "ingressclasses", undefined, ""]);
  for (const verb of ["get", "create", "update"]) {
    checks.push([true, verb, "coordination.k8s.io", "leases", undefined, scope.leaseNamespace]);
    checks.push([false, verb, "coordination.k8s.io", "leases", undefined, scope.sample]);
  }
  checks.push([false, "delete", "coordination.k8s.io", "leases", undefined, scope.leaseNamespace]);
  for (const resource of ["namespaces", "configmaps", "pods", "endpoints", "nodes"]) checks.push([false, "list", "", resource, undefined, scope.sample]);
  checks.push([false, "create", "", "events", undefined, scope.sample]);
  checks.push([false, "create", "apiextensions.k8s.io", "customresourcedefinitions", undefined, ""]);
  checks.push([false, "bind", "rbac.authorization.k8s.io", "clusterroles", undefined, ""]);
  return checks;
}

type Kubectl = (args: string[], input?: string) => Promise<string>;

/** One `kubectl create` of a List of SubjectAccessReviews for `sa` (system:serviceaccount:NS:NAME). */
export async function accessReviews(kubectl: Kubectl, sa: string, checks: readonly Check[]): Promise<boolean[]> {
  const saNamespace = sa.split(":")[2] ?? "";
  const items = checks.map(([, verb, group, resource, subresource, namespace]) => ({
    apiVersion: "authorization.k8s.io/v1",
    kind: "SubjectAccessReview",
    spec: {
      user: sa,
      groups: ["system:serviceaccounts", `system:serviceaccounts:${saNamespace}`, "system:authenticated"],
      resourceAttributes: { verb, group, resource, ...(subresource ? { subresource } : {}), namespace: namespace ?? "" },
    },
  }));
  // kubectl prints each created object on its own: one line per review, in order.
  const out = await kubectl(["create", "-f", "-", "-o", 'jsonpath={.status.allowed}{"\\n"}'], JSON.stringify({ apiVersion: "v1", kind: "List", items }));
  const lines = out.trimEnd().split("\n");
  assert.equal(lines.length, checks.length);
  return lines.map((l) => l === "true");
}

/** The checks whose answer differs from the expectation, described. */
export async function wrongAnswers(kubectl: Kubectl, sa: string, checks: readonly Check[]): Promise<string[]> {
  const answers = await accessReviews(kubectl, sa, checks);
  return checks.filter((c, i) => answers[i] !== c[0]).map(describeCheck);
}
