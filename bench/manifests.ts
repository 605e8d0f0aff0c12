// Synthetic manifests for benchmarks: N Mappings spread over 20 namespaces and 200 services,
// one `*` Host, listeners on 8080 and 8443 — the shape of a large real installation.

/** Which upstream a Mapping routes to: by default a cluster-DNS name (never resolved in-process). */
export type ServiceOf = (i: number) => string;

const clusterService: ServiceOf = (i) => `svc-${i % 200}.ns-${i % 20}:8080`;

export const MAPPINGS_PER_FILE = 100;

/** The Listener and Host documents of the synthetic installation. */
export function headerDocs(): string[] {
  return [
    `apiVersion: getambassador.io/v3alpha1
kind: Listener
metadata: {name: http, namespace: default}
spec: {port: 8080, protocol: HTTP, securityModel: XFP, hostBinding: {namespace: {from: ALL}}}`,
    `apiVersion: getambassador.io/v3alpha1
kind: Listener
metadata: {name: https, namespace: default}
spec: {port: 8443, protocol: HTTPS, securityModel: XFP, hostBinding: {namespace: {from: ALL}}}`,
    `apiVersion: getambassador.io/v3alpha1
kind: Host
metadata: {name: wildcard, namespace: default}
spec: {hostname: "*", requestPolicy: {insecure: {action: Route}}}`,
  ];
}

export function syntheticManifests(n: number): string {
  const docs = headerDocs();
  for (let i = 0; i < n; i++) docs.push(mappingDoc(i));
  return docs.join("\n---\n") + "\n";
}

/**
 * The same Mappings as files of 100 (file name -> YAML), as a config directory holds them.
 * `header: false` leaves out the Listeners and Host: a real gateway under test then serves on
 * its loopback default listener instead of binding 8080/8443 on every address.
 */
export function syntheticFiles(n: number, opts: { service?: ServiceOf; header?: boolean } = {}): Record<string, string> {
  const files: Record<string, string> = {};
  if (opts.header !== false) files["00-gateway.yaml"] = headerDocs().join("\n---\n") + "\n";
  for (let f = 0; f * MAPPINGS_PER_FILE < n; f++) {
    const docs: string[] = [];
    for (let i = f * MAPPINGS_PER_FILE; i < Math.min(n, (f + 1) * MAPPINGS_PER_FILE); i++) docs.push(mappingDoc(i, 0, opts.service));
    files[mappingFileName(f)] = docs.join("\n---\n") + "\n";
  }
  return files;
}

export const mappingFileName = (f: number): string => `mappings-${String(f).padStart(4, "0")}.yaml`;

/** The prefix Mapping `i` routes: `/api/<ns>/<svc>/r<i>/`. */
export function mappingPrefix(i: number): string {
  return `/api/ns-${i % 20}/svc-${i % 200}/r${i}/`;
}

/** Mapping `i`; `variant` changes its timeout, so each variant is a different route. */
export function mappingDoc(i: number, variant = 0, service: ServiceOf = clusterService): string {
  const ns = `ns-${i % 20}`;
  const svc = `svc-${i % 200}`;
  return `apiVersion: getambassador.io/v3alpha1
kind: Mapping
metadata:
  name: route-${i}
  namespace: ${ns}
  labels: {app: ${svc}}
spec:
  hostname: "*"
  prefix: ${mappingPrefix(i)}
  service: ${service(i)}
  timeout_ms: ${5000 + variant}
  add_request_headers:
    x-route: {value: r${i}}`;
}
