# Sourced by scripts/image/*.sh: where buildah keeps images (vfs, under the project cache, so
# layers and the base survive between runs like the Kubernetes binaries) and what the images are
# called. `bh` is buildah with those storage options.
ATTACHE_CACHE_DIR="${ATTACHE_CACHE_DIR:-$HOME/.cache/attache}"
IMAGE_STORAGE_ROOT="${ATTACHE_IMAGE_STORAGE:-$ATTACHE_CACHE_DIR/containers/storage}"
IMAGE_RUN_ROOT="${ATTACHE_IMAGE_RUNROOT:-$ATTACHE_CACHE_DIR/containers/run}"
export BUILDAH_ISOLATION=chroot
# The Dockerfile's default NODE_IMAGE, under the name buildah resolves that short name to.
NODE_VERSION=20.20.2
NPM_VERSION=10.8.2
DEBIAN_SUITE=bookworm
BASE_IMAGE="docker.io/library/node:$NODE_VERSION-$DEBIAN_SUITE-slim"

bh() {
  buildah --root "$IMAGE_STORAGE_ROOT" --runroot "$IMAGE_RUN_ROOT" --storage-driver vfs "$@"
}

# The Dockerfile's default: CI builds the same FROM users get.
dockerfile_node_image() {
  sed -n 's/^ARG NODE_IMAGE=\(.*\)$/\1/p' "$1"
}
