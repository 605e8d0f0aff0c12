#!/usr/bin/env bash
# Builds helm at the version pinned in versions.env into the cache (idempotent), like
# tools/kube/build.sh: keyed by version and go.sum. Prints the binary's path on stdout.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
. ./versions.env
. ../kube/go-env.sh
sum_key="$(sha256sum go.sum | cut -c1-12)"
bin_dir="$ATTACHE_CACHE_DIR/helm/$HELM_VERSION-$sum_key"

if [ -f "$bin_dir/.complete" ]; then
  echo "$bin_dir/helm"
  exit 0
fi

mkdir -p "$ATTACHE_CACHE_DIR/helm"
staging="$(mktemp -d "$ATTACHE_CACHE_DIR/helm/.build-XXXXXX")"
trap 'rm -rf "$staging"' EXIT
# helm's own Makefile stamps its version and the Kubernetes minor its client libraries speak
# (the default for `helm template`'s .Capabilities.KubeVersion and `helm lint`).
client_go="$(awk '$1 == "k8s.io/client-go" { print $2 }' go.mod)"
k8s_minor="${client_go#v0.}"; k8s_minor="${k8s_minor%%.*}"
ldflags="-s -w -X helm.sh/helm/v3/internal/version.version=$HELM_VERSION -X helm.sh/helm/v3/internal/version.gitTreeState=clean"
for pkg in pkg/lint/rules pkg/chartutil; do
  ldflags="$ldflags -X helm.sh/helm/v3/$pkg.k8sVersionMajor=1 -X helm.sh/helm/v3/$pkg.k8sVersionMinor=$k8s_minor"
done
start=$(date +%s)
echo "build.sh: building helm $HELM_VERSION (helm.sh/helm/v3/cmd/helm)" >&2
go build -mod=readonly -trimpath -ldflags "$ldflags" -o "$staging/helm" helm.sh/helm/v3/cmd/helm
"$staging/helm" version --short >&2
echo "$HELM_VERSION $sum_key built in $(( $(date +%s) - start ))s" > "$staging/.complete"
rm -rf "$bin_dir"
mv "$staging" "$bin_dir"
trap - EXIT
echo "build.sh: helm in $bin_dir ($(( $(date +%s) - start ))s)" >&2
echo "$bin_dir/helm"
