#!/bin/sh
# `npm run fuzz`: the fuzz/property suites with a random seed (printed, so a failure can be
# replayed with ATTACHE_FUZZ_SEED=N) and a longer time budget than CI gives them.
set -eu
cd "$(dirname "$0")/.."
ENVOY_BIN=$(sh scripts/ensure-envoy.sh)
export ENVOY_BIN
ATTACHE_FUZZ_SEED=${ATTACHE_FUZZ_SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}
ATTACHE_FUZZ_MS=${ATTACHE_FUZZ_MS:-120000}
ATTACHE_FUZZ_ENVOY_SAMPLES=${ATTACHE_FUZZ_ENVOY_SAMPLES:-20}
export ATTACHE_FUZZ_SEED ATTACHE_FUZZ_MS ATTACHE_FUZZ_ENVOY_SAMPLES
echo "fuzz: ATTACHE_FUZZ_SEED=$ATTACHE_FUZZ_SEED ATTACHE_FUZZ_MS=$ATTACHE_FUZZ_MS" >&2
exec node --test --test-concurrency=1 $(find dist/test -name '*.fuzz.test.js' | sort)
