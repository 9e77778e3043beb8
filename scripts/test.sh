#!/usr/bin/env bash
# Runs every test: installs what is missing, builds the JNI library with CMake, runs JUnit.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
. /etc/os-release
# The oracle decoders this OS packages must be present: a missing one fails the run instead of skipping.
required=opj_decompress
[ "${VERSION_ID:-}" = 12 ] && required="$required,grk_decompress"
if [ ! -d ../shared/data ]; then
  echo "*** ../shared/data is absent: the tests on real images will be SKIPPED ***" >&2
fi
exec ./mvnw -B verify -Dmist.oracles.required="$required" "$@"
