#!/usr/bin/env bash
# Makes the Dockerfile's base image, debian:trixie-slim, locally from Debian's own packages, for machines that can
# reach deb.debian.org but no container registry. Where a registry is reachable, docker pulls the real one and
# this script is not needed. Needs root (debootstrap) and a running Docker daemon.
#   scripts/base-image.sh [TAG]     (default debian:trixie-slim)
set -euo pipefail
tag="${1:-debian:trixie-slim}"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
if docker image inspect "$tag" >/dev/null 2>&1; then
  echo "base image $tag is already there"
  exit 0
fi
if ! command -v debootstrap >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q debootstrap >/dev/null
  else
    echo "base-image: debootstrap is missing and this is not root (apt-get install debootstrap)" >&2
    exit 1
  fi
fi
root="$(mktemp -d /tmp/mist-rootfs.XXXXXX)"
trap 'rm -rf "$root"' EXIT
echo "base-image: debootstrap --variant=minbase trixie from $mirror"
debootstrap --variant=minbase trixie "$root" "$mirror" >/dev/null
# What the slim image trims: apt lists and caches; documentation stays out of later installs too.
rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin
cat > "$root/etc/dpkg/dpkg.cfg.d/docker-slim" <<'CFG'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/locale/*
CFG
tar -C "$root" -c . | docker import -c 'CMD ["bash"]' - "$tag" >/dev/null
echo "base-image: $tag made ($(docker image inspect -f '{{.Size}}' "$tag") bytes)"
