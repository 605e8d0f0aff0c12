#!/bin/sh
# Installs the Debian packages that build and run the image without a daemon: buildah (with
# chroot isolation it needs no runc) and debootstrap for the CI base. Idempotent.
set -eu
missing=""
command -v buildah >/dev/null 2>&1 || missing="$missing buildah"
command -v debootstrap >/dev/null 2>&1 || missing="$missing debootstrap"
[ -z "$missing" ] && exit 0
echo "image: installing$missing" >&2
if [ "$(id -u)" != 0 ]; then
  echo "image: need root to install$missing (apt-get)" >&2
  exit 1
fi
apt-get update >&2
DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $missing >&2
for b in buildah debootstrap; do
  command -v "$b" >/dev/null 2>&1 || { echo "image: $b still missing after apt-get install" >&2; exit 1; }
done
