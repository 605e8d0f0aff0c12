#!/bin/sh
# Renders the plain install manifests (deploy/attache.yaml) from the Helm chart, so the chart is
# their one source: `npm run deploy:update` writes the file, test/k8s/helm.test.ts fails when it
# is stale. HELM names the helm binary (default: built by tools/helm/build.sh).
set -eu
cd "$(dirname "$0")/.."
helm="${HELM:-$(bash tools/helm/build.sh)}"
cat <<'HEADER'
# attache in a cluster: namespace, least-privilege RBAC, the Deployment and its Service.
# Rendered from the Helm chart (deploy/helm/attache, default values) by `npm run deploy:update`;
# edit the chart, not this file. Install the CRDs first (deploy/crds.yaml), then this file:
#   kubectl apply -f deploy/crds.yaml
#   kubectl wait --for condition=Established crd -l app.kubernetes.io/part-of=attache
#   kubectl apply -f deploy/attache.yaml
HEADER
"$helm" template attache deploy/helm/attache --namespace attache \
  --set createNamespace=true --set managedBy=kubectl
