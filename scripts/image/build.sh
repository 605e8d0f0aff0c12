#!/usr/bin/env bash
# Builds the project's Dockerfile with buildah (no daemon: vfs storage, chroot isolation) on the
# locally made base, as CI does. Layers are cached in the project cache (buildah --layers keys
# each step by its instruction and the content it copies). Prints the image name on stdout;
# progress, timing and the image's size go to stderr.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
. "$here/lib.sh"
sh "$here/tools.sh"
bash "$here/base.sh" >/dev/null
version="$(node -p 'require(process.argv[1]).version' "$root/package.json")"
image="localhost/attache:$version"
start=$(date +%s)
echo "image: building $image from Dockerfile (buildah bud, vfs, chroot)" >&2
log="$(mktemp "${TMPDIR:-/tmp}/attache-image-XXXXXX.log")"
if ! bh bud --pull=never --isolation chroot -f "$root/Dockerfile" -t "$image" "$root" >"$log" 2>&1; then
  tail -n 40 "$log" >&2
  echo "image: build failed (full log: $log)" >&2
  exit 1
fi
rm -f "$log"
size="$(bh images --format '{{.Size}}' "$image" | head -n1)"
echo "image: $image built in $(( $(date +%s) - start ))s, size $size" >&2
echo "$image"
