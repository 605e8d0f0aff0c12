#!/bin/sh
# Runs every test suite (unit, golden, end-to-end through a real Envoy) on the compiled build.
# `npm test` runs scripts/setup.sh first, so this works on a fresh clone.
# Only *.test.js files are tests: Node 20 would otherwise run every file under a test/ folder.
set -eu
cd "$(dirname "$0")/.."
ENVOY_BIN=$(sh scripts/ensure-envoy.sh)
export ENVOY_BIN
# Debian's Chromium for the diagnostics page tests (apt-get install when missing; playwright-core
# drives it and never downloads a browser).
CHROMIUM_BIN=$(sh scripts/ensure-chromium.sh)
export CHROMIUM_BIN
# The container image for test/image (buildah from Debian, no daemon; cached by content) builds
# while the Kubernetes binaries compile: one is disk- and network-bound, the other CPU-bound.
# Its Debian packages first, in the foreground: two apt-get runs at once would fight over dpkg's lock.
sh scripts/image/tools.sh
image_log=$(mktemp "${TMPDIR:-/tmp}/attache-test-image-XXXXXX")
bash scripts/image/build.sh >"$image_log.name" 2>"$image_log" &
image_pid=$!
# A real kube-apiserver, etcd, kubectl and helm for the Kubernetes tests, built from the Go module
# proxy and cached under ~/.cache/attache (minutes the first time on a machine, instant after).
sh scripts/setup-k8s.sh >&2
# Jaeger for the tracing tests, built the same way and cached next to them.
JAEGER_BIN=$(sh scripts/setup-jaeger.sh)
export JAEGER_BIN
# The Prometheus project's text-format parser and lint rules for the metrics tests (tools/promcheck).
bash tools/promcheck/build.sh >/dev/null
if ! wait "$image_pid"; then
  cat "$image_log" >&2
  echo "test: building the container image failed (scripts/image/build.sh)" >&2
  exit 1
fi
cat "$image_log" >&2
ATTACHE_IMAGE=$(cat "$image_log.name")
export ATTACHE_IMAGE
rm -f "$image_log" "$image_log.name"
exec node --test --test-concurrency=2 $(find dist/test dist/bench -name '*.test.js' | sort)
