#!/usr/bin/env bash
# Builds the project's Dockerfile with buildah (no daemon: vfs storage, chroot isolation) on the
# locally made base, as CI does. Cached by content: the image carries a key (a hash of the
# Dockerfile, every file the build context lets through and the base image's id) and is rebuilt
# only when that changes. No per-step layer cache: with vfs every cached step is a full copy of
# the filesystem, which costs more than it saves. Prints the image name on stdout; progress,
# timing and the image's size go to stderr.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
. "$here/lib.sh"
sh "$here/tools.sh"
bash "$here/base.sh" >/dev/null
version="$(node -p 'require(process.argv[1]).version' "$root/package.json")"
image="localhost/attache:$version"

# The build context is .dockerignore's allow-list (`*`, then `!path` lines).
context_key() {
  local paths
  paths="$(sed -n 's/^!\(.*\)$/\1/p' "$root/.dockerignore")"
  {
    sha256sum "$root/Dockerfile" "$root/.dockerignore"
    (cd "$root" && for p in $paths; do find "$p" -type f; done) | LC_ALL=C sort | (cd "$root" && xargs -d '\n' sha256sum)
    bh inspect --type image --format '{{.FromImageID}}' "$BASE_IMAGE"
  } | sha256sum | cut -c1-16
}
key="$(context_key)"
have="$(bh inspect --type image --format '{{index .ImageAnnotations "org.attache.context-key"}}' "$image" 2>/dev/null || true)"
if [ "$have" = "$key" ]; then
  echo "image: $image is up to date (context $key), size $(bh images --format '{{.Size}}' "$image" | head -n1)" >&2
  echo "$image"
  exit 0
fi
start=$(date +%s)
echo "image: building $image from Dockerfile (buildah bud, vfs, chroot)" >&2
log="$(mktemp "${TMPDIR:-/tmp}/attache-image-XXXXXX.log")"
if ! bh bud --pull=never --isolation chroot --annotation "org.attache.context-key=$key" -f "$root/Dockerfile" -t "$image" "$root" >"$log" 2>&1; then
  tail -n 40 "$log" >&2
  echo "image: build failed (full log: $log)" >&2
  exit 1
fi
rm -f "$log"
# Superseded images (untagged by this build) hold full vfs copies: drop them.
bh rmi --prune >/dev/null 2>&1 || true
size="$(bh images --format '{{.Size}}' "$image" | head -n1)"
echo "image: $image built in $(( $(date +%s) - start ))s, size $size" >&2
echo "$image"
