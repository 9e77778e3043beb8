#!/usr/bin/env bash
# Installs what MIST needs on a Debian 12 or 13 machine: the Debian packages (when missing, as root),
# then PixelMed into the local Maven repository. Without root it names the missing packages and stops.
set -euo pipefail
cd "$(dirname "$0")/.."

. /etc/os-release
packages=(cmake g++ libopenjph-dev libpixelmed-java libopenjp2-tools)
command -v javac >/dev/null || packages+=(default-jdk-headless)
# Grok, the second independent HTJ2K decoder, is packaged for Debian 12 only.
[ "${VERSION_ID:-}" = 12 ] && packages+=(grokj2k-tools)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "MIST needs these Debian packages: ${missing[*]}" >&2
    echo "Install them with: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
  echo "Installing Debian packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || { echo "apt-get could not install: ${missing[*]}" >&2; exit 1; }
fi

# PixelMed comes from Debian, not Maven Central: put its jar where Maven looks for it.
pixelmed_repo="${HOME}/.m2/repository/com/pixelmed/pixelmed/20220618/pixelmed-20220618.jar"
if [ ! -f "$pixelmed_repo" ] || ! cmp -s /usr/share/java/pixelmed.jar "$pixelmed_repo"; then
  ./mvnw -B -q install:install-file -Dfile=/usr/share/java/pixelmed.jar -DgroupId=com.pixelmed \
    -DartifactId=pixelmed -Dversion=20220618 -Dpackaging=jar
fi
