#!/usr/bin/env bash
# Replicas benchmark: the archive of deploy/docker-compose.yml (nginx, PostgreSQL, S3Proxy, MIST in containers,
# the images deploy/images.sh builds) with 1 and with 3 replicas, on this machine: the image's size, a replica's
# time from docker start to ready, STOW-RS of the 134-slice CT series through nginx (1 and 4 clients, requests of
# BATCH instances, medians of REPS runs after 3 warm-up runs) and WADO-RS frames through nginx with wrk.
#   bench/replicas.sh [REPS] [BATCH] [SECONDS]   (defaults 3, 10, 20; needs Docker, wrk and ../shared/data)
# Prints a Markdown table for docs/BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
reps=${1:-3}
batch=${2:-10}
seconds=${3:-20}
series=../shared/data/dicom/ct-series/pancreatic-ct-cbct-seg_001
[ -d "$series" ] || { echo "needs ../shared/data" >&2; exit 1; }
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)" >&2; exit 1; }
deploy/images.sh >&2
./mvnw -B -q test-compile
work=$(mktemp -d /tmp/mist-bench-replicas.XXXXXX)
trap 'rm -rf "$work"' EXIT
./mvnw -B -q dependency:build-classpath -Dmdep.outputFile="$work/cp" -Dmdep.includeScope=test
cp="target/classes:target/test-classes:$(cat "$work/cp")"
files=("$series"/*.dcm)
size=$(docker image inspect -f '{{.Size}}' mist:latest)
echo "image mist:latest: $((size / 1000000)) MB ($(docker image inspect -f '{{.Id}}' mist:latest | cut -c8-19))"
echo
echo "| replicas | docker start to ready (s) | STOW 1 client inst/s | STOW 4 clients inst/s | frames req/s (wrk -c16) | frames p99 ms |"
echo "|---|---|---|---|---|---|"
for n in 1 3; do
  mkfifo "$work/in$n"
  java -cp "$cp" org.mist.bench.ReplicaBench "$n" < "$work/in$n" > "$work/out$n" 2>"$work/err$n" &
  pid=$!
  exec 9>"$work/in$n"
  until grep -q '^UP ' "$work/out$n" 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || { cat "$work/err$n" >&2; exit 1; }
    sleep 1
  done
  balancer=$(sed -n 's/^BALANCER //p' "$work/out$n")
  ready=$(sed -n 's/^READY //p' "$work/out$n")
  s1=$(java -Xmx2g -cp "$cp" org.mist.bench.StowBench stow "${balancer}dicomweb/studies" 1 "$batch" "$reps" "${files[@]}")
  s4=$(java -Xmx2g -cp "$cp" org.mist.bench.StowBench stow "${balancer}dicomweb/studies" 4 "$batch" "$reps" "${files[@]}")
  # one frame of the last stored series, as stored (HTJ2K), through the balancer
  study=$(curl -fsS "${balancer}dicomweb/studies?limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["0020000D"]["Value"][0])')
  inst=$(curl -fsS "${balancer}dicomweb/studies/$study/instances?limit=1" | python3 -c 'import json,sys; i=json.load(sys.stdin)[0]; print(i["0020000E"]["Value"][0] + "/instances/" + i["00080018"]["Value"][0])')
  url="${balancer}dicomweb/studies/$study/series/${inst}/frames/1"
  wrk -t2 -c16 -d"${seconds}s" --latency -H 'Accept: multipart/related; type="image/jphc"' "$url" > "$work/wrk$n"
  rps=$(sed -n 's/^Requests\/sec: *//p' "$work/wrk$n")
  p99=$(awk '$1=="99%" {print $2}' "$work/wrk$n")
  grep -q "Non-2xx" "$work/wrk$n" && { cat "$work/wrk$n" >&2; echo "frames failed" >&2; exit 1; }
  echo "| $n | $ready | $(cut -f1 <<<"$s1") | $(cut -f1 <<<"$s4") | $rps | $p99 |"
  echo "  STOW runs: 1 client $(cut -f3 <<<"$s1"), 4 clients $(cut -f3 <<<"$s4")" >&2
  exec 9>&-
  wait "$pid"
  rm -f "$work/in$n"
done
echo
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1e6}' /proc/meminfo), $(. /etc/os-release; echo "$PRETTY_NAME"), $(date -u +%F), docker $(docker version -f '{{.Server.Version}}')"
