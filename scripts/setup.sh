#!/usr/bin/env bash
# Installs what MIST needs on a Debian 12 or 13 machine: the Debian packages (when missing, as root),
# then PixelMed into the local Maven repository. Without root it names the missing packages and stops.
# `scripts/setup.sh --list` prints the packages and does nothing else (the README points here);
# `scripts/setup.sh --jars` only puts PixelMed into the Maven repository (the Dockerfile's build stage).
set -euo pipefail
cd "$(dirname "$0")/.."

. /etc/os-release
packages=(cmake g++ libopenjph-dev libopenjp2-7-dev libcharls-dev libpixelmed-java libpixelmed-imageio-java
  libopenjp2-tools dcmtk dcm2niix python3-nibabel python3-pydicom python3-skimage)
command -v javac >/dev/null || packages+=(default-jdk-headless)
# Grok, the second independent HTJ2K decoder, is packaged for Debian 12 only.
[ "${VERSION_ID:-}" = 12 ] && packages+=(grokj2k-tools)
if [ "${1:-}" = --list ]; then
  printf '%s\n' "${packages[@]}"
  exit 0
fi

missing=()
[ "${1:-}" = --jars ] && packages=()
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

# PixelMed and its JPEG lossless codec come from Debian, not Maven Central: put the jars where Maven looks.
install_jar() {  # jar artifactId version
  local repo="${HOME}/.m2/repository/com/pixelmed/$2/$3/$2-$3.jar"
  if [ ! -f "$repo" ] || ! cmp -s "$1" "$repo"; then
    ./mvnw -B -q install:install-file -Dfile="$1" -DgroupId=com.pixelmed -DartifactId="$2" -Dversion="$3" -Dpackaging=jar
  fi
}
install_jar /usr/share/java/pixelmed.jar pixelmed 20220618
install_jar /usr/share/java/pixelmed_imageio.jar pixelmed-imageio 20200328
