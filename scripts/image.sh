#!/usr/bin/env bash
# Builds the MIST container image from the Dockerfile: scripts/image.sh [TAG] (default mist:latest).
# Makes the Debian 13 base with debootstrap first when no registry gives it (scripts/base-image.sh), and hands
# the host's extra CA certificates to the build stage (for an HTTPS proxy between the build and Maven Central).
set -euo pipefail
cd "$(dirname "$0")/.."
tag="${1:-mist:latest}"
command -v docker >/dev/null || { echo "image: docker is missing (apt-get install docker.io)" >&2; exit 1; }
docker info >/dev/null 2>&1 || { echo "image: the Docker daemon is not running (as root: dockerd &)" >&2; exit 1; }
docker image inspect debian:trixie-slim >/dev/null 2>&1 || docker pull -q debian:trixie-slim >/dev/null 2>&1 \
  || scripts/base-image.sh debian:trixie-slim
ca=""
if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
  ca="$(cat /usr/local/share/ca-certificates/*.crt)"
fi
docker build -q --build-arg EXTRA_CA_PEM="$ca" -t "$tag" . >/dev/null
echo "image: $tag built ($(docker image inspect -f '{{.Size}}' "$tag") bytes)"
