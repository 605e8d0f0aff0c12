#!/usr/bin/env bash
# Builds kube-apiserver, etcd and kubectl for the pinned versions into the cache (idempotent).
# Prints the binary directory on stdout; progress goes to stderr.
# The directory is keyed by the Kubernetes version and go.sum, so a re-pin never reuses stale binaries.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
. ./versions.env
. ./go-env.sh
minor="${KUBE_VERSION#v1.}"; minor="${minor%%.*}"
sum_key="$(sha256sum go.sum | cut -c1-12)"
bin_dir="$ATTACHE_CACHE_DIR/kube/$KUBE_VERSION-$sum_key"
binaries=(kube-apiserver etcd kubectl)

if [ -f "$bin_dir/.complete" ]; then
  echo "$bin_dir"
  exit 0
fi

mkdir -p "$ATTACHE_CACHE_DIR/kube"
staging="$(mktemp -d "$ATTACHE_CACHE_DIR/kube/.build-XXXXXX")"
trap 'rm -rf "$staging"' EXIT
# The version stamp must match the source's own major.minor, or the server's emulation-version check fails.
ldflags="-s -w -X k8s.io/component-base/version.gitVersion=$KUBE_VERSION -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=$minor -X k8s.io/component-base/version.gitTreeState=clean"
start=$(date +%s)
for pkg in k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kubectl go.etcd.io/etcd/server/v3; do
  name="${pkg##*/}"; [ "$name" = v3 ] && name=etcd
  echo "build.sh: building $name ($pkg)" >&2
  go build -mod=readonly -trimpath -ldflags "$ldflags" -o "$staging/$name" "$pkg"
done
for b in "${binaries[@]}"; do [ -x "$staging/$b" ] || { echo "build.sh: $b missing after build" >&2; exit 1; }; done
echo "$KUBE_VERSION $sum_key built in $(( $(date +%s) - start ))s" > "$staging/.complete"
rm -rf "$bin_dir"
mv "$staging" "$bin_dir"
trap - EXIT
echo "build.sh: binaries in $bin_dir ($(( $(date +%s) - start ))s)" >&2
echo "$bin_dir"
