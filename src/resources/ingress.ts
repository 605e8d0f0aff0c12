// Ingress resources that belong to attache become Mappings: those whose `ingressClassName`
// names an IngressClass with controller `getambassador.io/ingress-controller` (or that have no
// class while such an IngressClass is the default), and those annotated
// `kubernetes.io/ingress.class: ambassador`. Each rule path becomes one Mapping named after the
// Ingress and a hash of what it matches (never a list position), keeping the path as written
// (`rewrite: ""`), as Ingress users expect.
import type { Candidate, Named } from "./candidate.js";
import { AMBASSADOR_V3 } from "./kinds.js";
import { error, warning, type FieldPath, type Issue } from "./issue.js";
import { isPlainObject, type PlainObject } from "./values.js";
import { shortHash } from "../util/hash.js";

const INGRESS_CONTROLLER = "getambassador.io/ingress-controller";
const CLASS_ANNOTATION = "kubernetes.io/ingress.class";
const DEFAULT_CLASS_ANNOTATION = "ingressclass.kubernetes.io/is-default-class";

export interface IngressClasses {
  /** Names of IngressClasses whose controller is attache's. */
  readonly ours: ReadonlySet<string>;
  /** One of ours is the cluster's default class. */
  readonly ourDefault: boolean;
}

export function ingressClasses(named: readonly Named[]): IngressClasses {
  const ours = new Set<string>();
  let ourDefault = false;
  for (const n of named) {
    if (n.kind !== "IngressClass" || !isPlainObject(n.spec) || n.spec["controller"] !== INGRESS_CONTROLLER) continue;
    ours.add(n.ref.name);
    if (n.annotations[DEFAULT_CLASS_ANNOTATION] === "true") ourDefault = true;
  }
  return { ours, ourDefault };
}

export function isOurIngress(ing: Named, classes: IngressClasses): boolean {
  const spec = isPlainObject(ing.spec) ? ing.spec : {};
  const cls = spec["ingressClassName"];
  if (typeof cls === "string") return classes.ours.has(cls);
  const annotated = ing.annotations[CLASS_ANNOTATION];
  if (annotated !== undefined) return annotated === "ambassador";
  return classes.ourDefault;
}

/** Service port names per `namespace/service`, to turn a named backend port into a number. */
export type PortLookup = (namespace: string, service: string, portName: string) => number | undefined;

export function ingressMappings(ing: Named, lookupPort: PortLookup): { candidates: Candidate[]; issues: Issue[] } {
  const issues: Issue[] = [];
  const candidates: Candidate[] = [];
  const spec = isPlainObject(ing.spec) ? ing.spec : {};
  const add = (host: string | undefined, path: string, exact: boolean, backend: unknown, at: FieldPath) => {
    const service = backendService(backend, ing.ref.namespace, lookupPort, at, issues);
    if (!service) return;
    const key = `${host ?? "*"} ${exact ? "=" : "^"}${path}`;
    candidates.push({
      kind: "Mapping",
      apiVersion: AMBASSADOR_V3,
      metadata: { name: `${ing.ref.name}-${shortHash(key, 10)}`, namespace: ing.ref.namespace, labels: ing.labels },
      spec: {
        hostname: host ?? "*",
        prefix: path,
        ...(exact ? { prefix_exact: true } : {}),
        rewrite: "",
        service,
        ambassador_id: ["_automatic_"],
      },
      origin: { location: ing.origin.location, generatedFrom: ing.ref },
    });
  };
  if (spec["defaultBackend"] !== undefined) add(undefined, "/", false, spec["defaultBackend"], ["spec", "defaultBackend"]);
  const rules = Array.isArray(spec["rules"]) ? spec["rules"] : [];
  rules.forEach((rule: unknown, i) => {
    if (!isPlainObject(rule)) return;
    const host = typeof rule["host"] === "string" ? rule["host"] : undefined;
    const http = isPlainObject(rule["http"]) ? rule["http"] : {};
    const paths = Array.isArray(http["paths"]) ? http["paths"] : [];
    paths.forEach((p: unknown, j) => {
      if (!isPlainObject(p)) return;
      const at: FieldPath = ["spec", "rules", i, "http", "paths", j];
      const path = typeof p["path"] === "string" && p["path"] !== "" ? p["path"] : "/";
      if (!path.startsWith("/")) return void issues.push(error([...at, "path"], "must start with /"));
      add(host, path, p["pathType"] === "Exact", p["backend"], [...at, "backend"]);
    });
  });
  if (Array.isArray(spec["tls"]) && spec["tls"].length > 0) {
    issues.push(warning(["spec", "tls"], "TLS termination is not supported yet: this Ingress is served over cleartext only"));
  }
  return { candidates, issues };
}

function backendService(backend: unknown, namespace: string, lookupPort: PortLookup, at: FieldPath, issues: Issue[]): string | undefined {
  const service = isPlainObject(backend) ? backend["service"] : undefined;
  const svc = isPlainObject(service) ? service : undefined;
  if (!svc || typeof svc["name"] !== "string") {
    issues.push(error([...at, "service", "name"], "is required (only Service backends are supported)"));
    return undefined;
  }
  const name = svc["name"];
  const port = isPlainObject(svc["port"]) ? svc["port"] : {};
  if (typeof port["number"] === "number") return `${name}.${namespace}:${port["number"]}`;
  if (typeof port["name"] === "string") {
    const number = lookupPort(namespace, name, port["name"]);
    if (number !== undefined) return `${name}.${namespace}:${number}`;
    issues.push(error([...at, "service", "port", "name"], `Service ${namespace}/${name} has no port named "${port["name"]}"`));
    return undefined;
  }
  return `${name}.${namespace}`;
}
