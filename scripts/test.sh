#!/bin/sh
# Runs every test suite (unit, golden, end-to-end through a real Envoy) on the compiled build.
# `npm test` runs scripts/setup.sh first, so this works on a fresh clone.
# Only *.test.js files are tests: Node 20 would otherwise run every file under a test/ folder.
set -eu
cd "$(dirname "$0")/.."
ENVOY_BIN=$(sh scripts/ensure-envoy.sh)
export ENVOY_BIN
# A real kube-apiserver and etcd for the Kubernetes tests, built from the Go module proxy and
# cached under ~/.cache/attache (minutes the first time on a machine, instant after).
sh scripts/setup-k8s.sh >&2
# Jaeger for the tracing tests, built the same way and cached next to them.
JAEGER_BIN=$(sh scripts/setup-jaeger.sh)
export JAEGER_BIN
exec node --test --test-concurrency=2 $(find dist/test dist/bench -name '*.test.js' | sort)
