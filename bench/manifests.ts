// Synthetic manifests for benchmarks: N Mappings spread over 20 namespaces and 200 services,
// one `*` Host, listeners on 8080 and 8443 — the shape of a large real installation.
export function syntheticManifests(n: number): string {
  const docs: string[] = [
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
  for (let i = 0; i < n; i++) docs.push(mappingDoc(i));
  return docs.join("\n---\n") + "\n";
}

export function mappingDoc(i: number, variant = 0): string {
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
  prefix: /api/${ns}/${svc}/r${i}/
  service: ${svc}.${ns}:8080
  timeout_ms: ${5000 + variant}
  add_request_headers:
    x-route: {value: r${i}}`;
}
