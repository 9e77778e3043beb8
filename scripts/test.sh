#!/usr/bin/env bash
# Runs every test: installs what is missing, builds the JNI library with CMake, runs JUnit.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
# The DICOMweb client check runs the npm dicomweb-client library under Node.js.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  [ "$(id -u)" -eq 0 ] || { echo "the tests need Node.js and npm: sudo apt-get install nodejs npm" >&2; exit 1; }
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null \
    || { echo "apt-get could not install nodejs npm" >&2; exit 1; }
fi
(cd src/test/node && npm ci --no-audit --no-fund --loglevel=error) \
  || { echo "npm ci in src/test/node failed: is the npm registry reachable?" >&2; exit 1; }
# The OHIF viewer MIST serves at /viewer, as published on npm and integrity-checked.
scripts/viewer.sh
# Chromium for the OHIF check (playwright-core drives Debian's browser; it downloads none of its own).
if ! command -v chromium >/dev/null; then
  [ "$(id -u)" -eq 0 ] || { echo "the tests need Chromium: sudo apt-get install chromium" >&2; exit 1; }
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null \
    || { echo "apt-get could not install chromium" >&2; exit 1; }
fi
. /etc/os-release
# The oracle decoders this OS packages must be present: a missing one fails the run instead of skipping.
required=opj_decompress
[ "${VERSION_ID:-}" = 12 ] && required="$required,grk_decompress"
if [ ! -d ../shared/data ]; then
  echo "*** ../shared/data is absent: the tests on real images will be SKIPPED ***" >&2
fi
exec ./mvnw -B verify -Dmist.oracles.required="$required" "$@"
