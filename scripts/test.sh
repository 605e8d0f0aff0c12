#!/bin/sh
# Runs every test suite (unit, golden, end-to-end through a real Envoy) on the compiled build.
# `npm test` runs scripts/setup.sh first, so this works on a fresh clone.
set -eu
cd "$(dirname "$0")/.."
ENVOY_BIN=$(sh scripts/ensure-envoy.sh)
export ENVOY_BIN
exec node --test --test-concurrency=2 dist/test/
