# MIST in a container: build on Debian 13 (OpenJPH 0.21, OpenJDK 21), run on Debian 13 slim as a non-root user.
#   docker build -t mist .                     (base: debian:trixie-slim from a registry)
#   scripts/base-image.sh && docker build ...  (no registry reachable: the same base made with debootstrap)
# Configuration only through the environment variables of the README; no data inside the image.
ARG BASE=debian:trixie-slim

FROM ${BASE} AS build
ENV DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8
RUN apt-get update -qq \
 && apt-get install -y -qq --no-install-recommends ca-certificates curl openjdk-21-jdk-headless cmake g++ make \
      libopenjph-dev libopenjp2-7-dev libopenjp2-tools libcharls-dev libpixelmed-java libpixelmed-imageio-java >/dev/null
# Where HTTPS goes through an intercepting proxy, its CA (PEM text) for curl and Maven: scripts/image.sh passes
# the host's /usr/local/share/ca-certificates. Only this stage sees it; the runtime image does not.
ARG EXTRA_CA_PEM=""
RUN if [ -n "$EXTRA_CA_PEM" ]; then \
      printf '%s\n' "$EXTRA_CA_PEM" | awk '/BEGIN CERT/{n++} {print > ("/usr/local/share/ca-certificates/extra-" n ".crt")}' \
      && update-ca-certificates >/dev/null \
      && for f in /usr/local/share/ca-certificates/extra-*.crt; do \
           keytool -importcert -noprompt -cacerts -storepass changeit -alias "$(basename "$f")" -file "$f" >/dev/null; \
         done; \
    fi
WORKDIR /src
# Maven and the dependencies first, in a layer of their own that a change of the sources keeps.
COPY mvnw pom.xml ./
COPY .mvn .mvn
COPY scripts/setup.sh scripts/
RUN scripts/setup.sh --jars && ./mvnw -B -q dependency:go-offline -DexcludeGroupIds=com.pixelmed >/dev/null
COPY src src
# The codec, codestream and DICOM tests run here, on Debian 13's OpenJPH: among them the golden test that splits
# OpenJPH 0.21's single tile-part output and compares it with 0.21's own per-resolution output byte for byte.
ARG TESTS=org.mist.codec.**,org.mist.codestream.**,org.mist.dicom.**
RUN ./mvnw -B package -Dtest="${TESTS}" -Dsurefire.failIfNoSpecifiedTests=false -DskipITs \
      -Dmist.oracles.required=opj_decompress > /tmp/build.log 2>&1 || { tail -200 /tmp/build.log; exit 1; }; \
    grep -E "Tests run:.* in org|\*\*\*" /tmp/build.log; \
    grep -q "Tests run: [1-9][0-9]*, Failures: 0, Errors: 0, Skipped: 0, .* in org.mist.codestream.NativeTilePartsGoldenTest" \
      /tmp/build.log || { echo "the golden tile-part test did not run on this OpenJPH" >&2; exit 1; }

FROM ${BASE}
ENV DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8
RUN apt-get update -qq \
 && apt-get install -y -qq --no-install-recommends openjdk-21-jre-headless libopenjph0.21 libopenjp2-7 libcharls2 \
      curl >/dev/null \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /var/lib/mist --create-home mist
COPY --from=build --chown=root:root /src/target/quarkus-app /opt/mist
USER 10001
WORKDIR /var/lib/mist
# In a container: listen on every interface; the data folder (embedded default only) and temporary files under
# /var/lib/mist and /tmp, which a read-only root file system mounts as volumes.
ENV MIST_HTTP_HOST=0.0.0.0 MIST_DIMSE_HOST=0.0.0.0 MIST_DATA=/var/lib/mist/data MIST_TEMP_DIR=/tmp/mist \
    JAVA_OPTS="-XX:G1HeapRegionSize=32m -XX:MaxRAMPercentage=75"
EXPOSE 8080 11112
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
  CMD curl -fsS http://127.0.0.1:8080/q/health/ready >/dev/null || exit 1
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /opt/mist/quarkus-run.jar \"$@\"", "mist"]
