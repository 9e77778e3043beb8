#!/usr/bin/env bash
# Builds the images deploy/docker-compose.yml and the container test use, all on Debian 13:
#   mist:latest          the Dockerfile at the top (scripts/image.sh)
#   mist-postgres:latest Debian's postgresql-17           (deploy/images/postgres)
#   mist-s3proxy:latest  S3Proxy from Maven Central         (deploy/images/s3proxy)
#   mist-nginx:latest    Debian's nginx                     (deploy/images/nginx)
# The base, debian:trixie-slim, is pulled, or made with debootstrap where no registry answers (scripts/base-image.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/image.sh mist:latest
s3proxy_version="$(sed -n 's:.*<s3proxy.version>\(.*\)</s3proxy.version>.*:\1:p' pom.xml)"
jar="$HOME/.m2/repository/org/gaul/s3proxy/$s3proxy_version/s3proxy-$s3proxy_version-jar-with-dependencies.jar"
[ -f "$jar" ] || ./mvnw -B -q dependency:get -Dartifact="org.gaul:s3proxy:$s3proxy_version:jar:jar-with-dependencies" -Dtransitive=false
cp "$jar" deploy/images/s3proxy/s3proxy.jar
trap 'rm -f deploy/images/s3proxy/s3proxy.jar' EXIT
for image in postgres s3proxy nginx; do
  docker build -q -t "mist-$image:latest" "deploy/images/$image" >/dev/null
  echo "images: mist-$image:latest built"
done
