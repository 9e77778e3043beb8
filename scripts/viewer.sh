#!/usr/bin/env bash
# Fetches the OHIF viewer MIST serves at /viewer: the published @ohif/app build from npm (its dist/ only, since
# the package's own dependencies are not all on npm). It goes into viewer/ohif/ (not committed) and is checked
# against the SHA-512 below, the registry's integrity for this version, so a changed tarball is refused.
# Needs Node.js and npm (installed when missing, as root). Does nothing when that version is there already.
set -euo pipefail
cd "$(dirname "$0")/.."
version=3.13.2
integrity='sha512-WZdxmpmG7rqFgW9ZJLcbgr3XCtLi1KDNPoMaeY5PPe6j4G4fjEjjkycZM6C6Zk2F87BKxFfpq+jd5xXZB9E8EA=='
[ "$(cat viewer/ohif/VERSION 2>/dev/null)" = "$version" ] && exit 0
if ! command -v npm >/dev/null; then
  [ "$(id -u)" -eq 0 ] || { echo "the viewer needs npm to fetch OHIF: sudo apt-get install nodejs npm" >&2; exit 1; }
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null \
    || { echo "apt-get could not install nodejs npm" >&2; exit 1; }
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack "@ohif/app@$version" --loglevel=error >/dev/null) \
  || { echo "npm pack @ohif/app@$version failed: is the npm registry reachable?" >&2; exit 1; }
actual="sha512-$(python3 -c 'import base64, hashlib, sys
print(base64.b64encode(hashlib.sha512(open(sys.argv[1], "rb").read()).digest()).decode())' "$tmp"/ohif-app-$version.tgz)"
[ "$actual" = "$integrity" ] \
  || { echo "@ohif/app@$version is not the tarball MIST was checked with ($actual)" >&2; exit 1; }
rm -rf viewer/ohif && mkdir -p viewer/ohif
tar xzf "$tmp"/ohif-app-$version.tgz -C viewer/ohif --strip-components=1 package/dist
echo "$version" > viewer/ohif/VERSION
echo "OHIF $version in viewer/ohif"
