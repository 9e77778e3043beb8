#!/usr/bin/env bash
# The cost of access control: frames (level 0 and the level-1 standalone stream, wrk) and STOW-RS of the CT
# series (1 and 4 clients) with authentication off, with an API key (MIST_AUTH=keys), and with an OIDC token
# (MIST_AUTH=oidc) when KEYCLOAK_ISSUER names a running realm with the test realm's users (e.g. the one AccessTest
# imports). Same machine, same run, one mode after the other on a fresh data folder; the audit trail is on in all.
#   bench/access.sh [REPS] [SECONDS] [CONNECTIONS] [BATCH]   (defaults 3, 10, 8, 10; needs ../shared/data)
set -euo pipefail
cd "$(dirname "$0")/.."
reps=${1:-3}
seconds=${2:-10}
conns=${3:-8}
batch=${4:-10}
series=../shared/data/dicom/ct-series/pancreatic-ct-cbct-seg_001
[ -d "$series" ] || { echo "needs ../shared/data" >&2; exit 1; }
. bench/lib.sh
bench_setup wrk

./mvnw -B -q package -DskipTests
./mvnw -B -q dependency:build-classpath -Dmdep.outputFile="$work/cp" -Dmdep.includeScope=test
cp="target/classes:target/test-classes:$(cat "$work/cp")"
files=("$series"/*.dcm)
stow_body "$series" "$work/stow.body"
modes="off keys"
[ -n "${KEYCLOAK_ISSUER:-}" ] && modes="$modes oidc"

echo "| mode | frame level 0 req/s (p50 / p99 ms) | level 1 req/s (p50 / p99 ms) | STOW 1 client inst/s | STOW 4 clients inst/s |"
echo "|---|---|---|---|---|"
for mode in $modes; do
  rm -rf "$work/mist-data"
  auth=()
  case $mode in
    keys)
      key=$(MIST_DATA="$work/mist-data" MIST_DIMSE_ENABLED=false java -jar target/quarkus-app/quarkus-run.jar key bench mist:admin 2>/dev/null)
      export MIST_AUTH=keys; auth=(-H "Authorization: Bearer $key") ;;
    oidc)
      token=$(curl -sf -d "client_id=mist-test&grant_type=password&username=admin&password=pw-admin" \
        "$KEYCLOAK_ISSUER/protocol/openid-connect/token" | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
      export MIST_AUTH=oidc MIST_OIDC_ISSUER=$KEYCLOAK_ISSUER; auth=(-H "Authorization: Bearer $token") ;;
    *) unset MIST_AUTH MIST_OIDC_ISSUER ;;
  esac
  start_mist -XX:G1HeapRegionSize=32m
  wait_for "http://127.0.0.1:$mist_port/q/health/ready"
  curl -sf "${auth[@]}" -X POST "http://127.0.0.1:$mist_port/dicomweb/studies" --data-binary @"$work/stow.body" \
    -H 'Content-Type: multipart/related; type="application/dicom"; boundary=B' >/dev/null
  read -r study ser sop < <(curl -sf "${auth[@]}" "http://127.0.0.1:$mist_port/dicomweb/instances?InstanceNumber=67" | python3 -c '
import json,sys; i=json.load(sys.stdin)[0]; print(i["0020000D"]["Value"][0], i["0020000E"]["Value"][0], i["00080018"]["Value"][0])')
  frame="http://127.0.0.1:$mist_port/dicomweb/studies/$study/series/$ser/instances/$sop/frames/1"
  jphc='Accept: multipart/related; type="image/jphc"'
  l0=$(wrk_median l0 "${auth[@]}" -H "$jphc" "$frame" | cut -f2-)
  l1=$(wrk_median l1 "${auth[@]}" -H "$jphc" "$frame?level=1" | cut -f2-)
  stow() {
    java -Xmx2g ${auth:+-Dmist.bench.authorization="${auth[1]#Authorization: }"} -cp "$cp" org.mist.bench.StowBench stow \
      "http://127.0.0.1:$mist_port/dicomweb/studies" "$1" "$batch" "$reps" "${files[@]}" | cut -f1
  }
  s1=$(stow 1)
  s4=$(stow 4)
  fmt() { awk -F'\t' '{printf "%.0f (%.2f / %.2f)", $1, $2, $3}' <<<"$1"; }
  echo "| $mode | $(fmt "$l0") | $(fmt "$l1") | $s1 | $s4 |"
  audited=$(grep -c '"door":"dicomweb"' "$work/mist.log" || true)
  echo "  $mode: $audited audit lines in the log" >&2
  kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true
done
echo
echo "Machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores; $(date -u +%F); reps=$reps seconds=$seconds conns=$conns batch=$batch"
