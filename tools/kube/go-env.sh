# Sourced by the tools/kube scripts: one cache root outside the repo for modules, build cache and binaries.
ATTACHE_CACHE_DIR="${ATTACHE_CACHE_DIR:-$HOME/.cache/attache}"
export GOMODCACHE="$ATTACHE_CACHE_DIR/go/mod"
export GOCACHE="$ATTACHE_CACHE_DIR/go/build"
export GOFLAGS="-buildvcs=false"
export GOTOOLCHAIN=local
export CGO_ENABLED=0
