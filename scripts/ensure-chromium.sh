#!/bin/sh
# Prints the path of the Chromium the browser tests drive (the diagnostics page), installing
# Debian's `chromium` with apt-get when none is found. CHROMIUM_BIN wins when set.
# playwright-core never downloads a browser: the tests launch this one by executablePath.
set -eu
if [ -n "${CHROMIUM_BIN:-}" ]; then
  [ -x "$CHROMIUM_BIN" ] || { echo "CHROMIUM_BIN=$CHROMIUM_BIN is not an executable" >&2; exit 1; }
  echo "$CHROMIUM_BIN"; exit 0
fi
find_chromium() {
  command -v chromium 2>/dev/null || command -v chromium-browser 2>/dev/null || true
}
path=$(find_chromium)
if [ -z "$path" ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "setup: Chromium is needed for the diagnostics page tests; install Debian's chromium (needs root)" >&2
    exit 1
  fi
  echo "setup: installing Chromium (apt-get install chromium)" >&2
  apt-get update >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium fonts-dejavu-core >&2
  path=$(find_chromium)
fi
[ -n "$path" ] && [ -x "$path" ] || { echo "setup: no Chromium binary found after installing chromium" >&2; exit 1; }
echo "$path"
