#!/usr/bin/env bash
# Builds promcheck (the Prometheus project's text-format parser and `promtool check metrics`
# lint rules, for the metrics tests) from the Go module proxy into the cache (idempotent).
# Prints the binary's path on stdout; progress goes to stderr.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
. ../kube/go-env.sh
sum_key="$(cat go.sum main.go | sha256sum | cut -c1-12)"
bin="$ATTACHE_CACHE_DIR/promcheck/$sum_key/promcheck"
if [ -x "$bin" ]; then
  echo "$bin"
  exit 0
fi
command -v go >/dev/null 2>&1 || { echo "promcheck: Go is needed to build the metrics checker (none on PATH)" >&2; exit 1; }
mkdir -p "$(dirname "$bin")"
echo "promcheck: building (github.com/prometheus/common/expfmt, client_golang promlint)" >&2
go build -mod=readonly -trimpath -o "$bin.tmp" .
mv "$bin.tmp" "$bin"
echo "$bin"
