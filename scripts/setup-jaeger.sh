#!/bin/sh
# Prepares the tracing tests (idempotent): Jaeger built from the Go module proxy at the version
# pinned in tools/jaeger, cached by version under ${ATTACHE_CACHE_DIR:-$HOME/.cache/attache}
# like the Kubernetes binaries. Prints the binary's path on stdout; how long a build took on
# stderr. The first build takes minutes (about 9 CPU-minutes; 29 wall-clock minutes on a
# loaded 2-core machine), later runs are instant.
set -eu
cd "$(dirname "$0")/.."
if ! command -v go >/dev/null 2>&1; then
  echo "setup-jaeger: Go 1.26 or newer is needed to build Jaeger (none on PATH)" >&2
  exit 1
fi
exec bash tools/jaeger/build.sh
