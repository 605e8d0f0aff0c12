#!/usr/bin/env bash
# buildah on the project's image storage (scripts/image/lib.sh), for tests and for people:
#   scripts/image/buildah.sh images
set -euo pipefail
. "$(cd "$(dirname "$0")" && pwd)/lib.sh"
bh "$@"
