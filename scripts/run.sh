#!/usr/bin/env bash
# Builds MIST and starts it on its embedded defaults (http://127.0.0.1:8080, MIST_HTTP_PORT to change).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/viewer.sh
./mvnw -B -q package -DskipTests
# 32 MB G1 regions: a decoded frame up to 16 MB is then an ordinary allocation, not a humongous one
# (measured: full decode of a 1760x2140 CR 14.6 -> 12.2 ms; docs/BENCHMARKS.md).
exec java -XX:G1HeapRegionSize=32m -jar target/quarkus-app/quarkus-run.jar "$@"
