#!/usr/bin/env bash
# Builds Jaeger (cmd/jaeger, the all-in-one with zipkin and OTLP receivers and the query API) for
# the pinned version into the cache shared with tools/kube (idempotent). Prints the binary path
# on stdout; progress goes to stderr. Keyed by version and go.sum, so a re-pin never reuses a
# stale binary.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
. ./versions.env
. ../kube/go-env.sh
sum_key="$(sha256sum go.sum | cut -c1-12)"
bin_dir="$ATTACHE_CACHE_DIR/jaeger/$JAEGER_VERSION-$sum_key"

if [ -f "$bin_dir/.complete" ]; then
  echo "$bin_dir/jaeger"
  exit 0
fi

mkdir -p "$ATTACHE_CACHE_DIR/jaeger"
staging="$(mktemp -d "$ATTACHE_CACHE_DIR/jaeger/.build-XXXXXX")"
trap 'rm -rf "$staging"' EXIT
start=$(date +%s)
echo "jaeger build.sh: building jaeger $JAEGER_VERSION (minutes the first time)" >&2
# Bounded: a build that hangs (a stalled module download) fails instead of blocking the suite.
timeout "${ATTACHE_JAEGER_BUILD_TIMEOUT:-3600}" go build -mod=readonly -trimpath -ldflags "-s -w" -o "$staging/jaeger" github.com/jaegertracing/jaeger/cmd/jaeger
[ -x "$staging/jaeger" ] || { echo "jaeger build.sh: binary missing after build" >&2; exit 1; }
echo "$JAEGER_VERSION $sum_key built in $(( $(date +%s) - start ))s" > "$staging/.complete"
rm -rf "$bin_dir"
mv "$staging" "$bin_dir"
trap - EXIT
echo "jaeger build.sh: $bin_dir/jaeger ($(( $(date +%s) - start ))s)" >&2
echo "$bin_dir/jaeger"
