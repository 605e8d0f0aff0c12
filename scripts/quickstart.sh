#!/bin/sh
# The quickstart: a demo backend, attache and a real Envoy, routed by examples/quickstart/.
# `npm start` runs scripts/setup.sh first. Then try: curl http://127.0.0.1:8080/backend/
set -eu
cd "$(dirname "$0")/.."
ENVOY_BIN=$(sh scripts/ensure-envoy.sh)
export ENVOY_BIN
node examples/quickstart/backend.mjs &
backend=$!
trap 'kill $backend 2>/dev/null || true' EXIT INT TERM
echo "attache quickstart: try  curl http://127.0.0.1:8080/backend/  (Ctrl-C stops)" >&2
bin/attache run --config-dir examples/quickstart "$@"
