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
# Keycloak, the access tests' OIDC provider (Maven Central's Quarkus distribution), needs a Java 21+ JDK beside
# the build's Java 17: the newest under /usr/lib/jvm, or KEYCLOAK_JAVA_HOME.
if [ -z "${KEYCLOAK_JAVA_HOME:-}" ] && ! grep -qsE 'JAVA_VERSION="(2[1-9]|[3-9][0-9])' /usr/lib/jvm/*/release; then
  [ "$(id -u)" -eq 0 ] && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-21-jdk-headless >/dev/null 2>&1 || true
  grep -qsE 'JAVA_VERSION="(2[1-9]|[3-9][0-9])' /usr/lib/jvm/*/release \
    || { echo "the access tests run Keycloak, which needs a Java 21+ JDK: install one under /usr/lib/jvm (Temurin 21 or 25; openjdk-21-jdk-headless on Debian 13) or set KEYCLOAK_JAVA_HOME" >&2; exit 1; }
fi
. /etc/os-release
# The oracle decoders this OS packages must be present: a missing one fails the run instead of skipping.
required=opj_decompress
[ "${VERSION_ID:-}" = 12 ] && required="$required,grk_decompress"
# The container tests (ReplicasIT) need Docker's daemon and wrk. As root (CI) they are installed and started,
# and the tests are then required; without root and without them the tests are skipped, loudly.
containers=true
for tool in docker:docker.io wrk:wrk; do
  command -v "${tool%%:*}" >/dev/null && continue
  if [ "$(id -u)" -ne 0 ]; then containers=false; continue; fi
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${tool#*:}" >/dev/null \
    || { echo "apt-get could not install ${tool#*:}" >&2; exit 1; }
done
if $containers && ! docker info >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ]; then
    command -v dockerd >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io >/dev/null
    (setsid dockerd > /tmp/mist-dockerd.log 2>&1 &)
    for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 0.5; done
    docker info >/dev/null 2>&1 || { echo "dockerd did not start: see /tmp/mist-dockerd.log" >&2; exit 1; }
  else
    containers=false
  fi
fi
$containers || echo "*** no Docker daemon or wrk (sudo apt-get install docker.io wrk): the container tests will be SKIPPED ***" >&2
if [ ! -d ../shared/data ]; then
  echo "*** ../shared/data is absent: the tests on real images will be SKIPPED ***" >&2
fi
exec ./mvnw -B verify -Dmist.oracles.required="$required" -Dmist.containers.required="$containers" "$@"
