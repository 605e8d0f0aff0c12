#!/bin/sh
# Prepares the Kubernetes tests (idempotent; not part of scripts/setup.sh because the first build
# takes minutes): Debian packages for test hosts and certificates, then etcd, kube-apiserver and
# kubectl built from the Go module proxy at the versions pinned in tools/kube, and helm at the
# version pinned in tools/helm (cached by version under ${ATTACHE_CACHE_DIR:-$HOME/.cache/attache}).
# Prints the Kubernetes binary directory on stdout.
set -eu
cd "$(dirname "$0")/.."

missing=""
command -v ip >/dev/null 2>&1 || missing="$missing iproute2"
command -v openssl >/dev/null 2>&1 || missing="$missing openssl"
if [ -n "$missing" ]; then
  echo "setup-k8s: installing$missing" >&2
  if [ "$(id -u)" != 0 ]; then
    echo "setup-k8s: need root to install$missing" >&2
    exit 1
  fi
  apt-get update >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $missing >&2
fi

if ! command -v go >/dev/null 2>&1; then
  echo "setup-k8s: Go 1.26 or newer is needed to build the test cluster (none on PATH)" >&2
  exit 1
fi
need_go="$(sed -n 's/^go \([0-9.]*\)$/\1/p' tools/kube/go.mod)"
have_go="$(go env GOVERSION | sed 's/^go//')"
if [ "$(printf '%s\n%s\n' "$need_go" "$have_go" | sort -V | head -n1)" != "$need_go" ]; then
  echo "setup-k8s: Go $need_go or newer is needed (found $have_go)" >&2
  exit 1
fi

# helm builds beside the Kubernetes binaries: their compile steps rarely use both cores at once.
bash tools/helm/build.sh >/dev/null &
helm_pid=$!
trap 'kill "$helm_pid" 2>/dev/null || true' EXIT
bin_dir="$(bash tools/kube/build.sh)"
wait "$helm_pid" || { echo "setup-k8s: building helm failed (tools/helm/build.sh)" >&2; exit 1; }
trap - EXIT
echo "$bin_dir"
