#!/usr/bin/env bash
# STOW-RS with deferred compression (issue 20): the 134-slice CT series into MIST compressing before it answers,
# into MIST deferring compression (MIST_DEFERRED_COMPRESSION=true: frames acknowledged as received, compressed and
# verified by a background worker), and into Orthanc 1.10 + DICOMweb plugin; same machine, same run, one at a time.
# For the deferring MIST each run also waits until its last frame is compressed: the "drain", and the rate counted
# to that point, which is what can be kept up without the backlog growing. Then the time from one instance's
# acknowledgement to its HTJ2K, and (PACE seconds > 0) a paced run at RATE instances/s with the backlog sampled.
# WARMUP=N first sends the series N times into each server (the JVM's compilers warm up; Orthanc gets the same).
#   [WARMUP=N] bench/stow-deferred.sh [REPS] [BATCH] [PACE_SECONDS] [RATE]     (defaults 5, 10, 0; needs ../shared/data)
set -euo pipefail
cd "$(dirname "$0")/.."
reps=${1:-5}
batch=${2:-10}
pace=${3:-0}
series=../shared/data/dicom/ct-series/pancreatic-ct-cbct-seg_001
[ -d "$series" ] || { echo "needs ../shared/data" >&2; exit 1; }
. bench/lib.sh
bench_setup orthanc orthanc-dicomweb

./mvnw -B -q package -DskipTests
./mvnw -B -q dependency:build-classpath -Dmdep.outputFile="$work/cp" -Dmdep.includeScope=test
cp="target/classes:target/test-classes:$(cat "$work/cp")"
start_mist -XX:G1HeapRegionSize=32m
now_port=$mist_port
deferred_port=$(free_port)
MIST_DATA="$work/mist-deferred" MIST_HTTP_PORT=$deferred_port MIST_DIMSE_PORT=$(free_port) MIST_DEFERRED_COMPRESSION=true \
  java -XX:G1HeapRegionSize=32m -jar target/quarkus-app/quarkus-run.jar > "$work/mist-deferred.log" 2>&1 &
pids+=($!)
start_orthanc
wait_for "http://127.0.0.1:$now_port/q/health/ready"
wait_for "http://127.0.0.1:$deferred_port/q/health/ready"
wait_for "http://127.0.0.1:$orthanc_port/system"

files=("$series"/*.dcm)
status="http://127.0.0.1:$deferred_port/api/transcoding"
bench() { java -Xmx2g -cp "$cp" "$@"; }
if [ "${WARMUP:-0}" -gt 0 ]; then
  bench org.mist.bench.StowBench stow "http://127.0.0.1:$now_port/dicomweb/studies" 4 "$batch" "$WARMUP" "${files[@]}" >/dev/null
  bench -Dbench.drain="$status" org.mist.bench.StowBench stow "http://127.0.0.1:$deferred_port/dicomweb/studies" 4 "$batch" \
    "$WARMUP" "${files[@]}" >/dev/null
  bench org.mist.bench.StowBench stow "http://127.0.0.1:$orthanc_port/dicom-web/studies" 4 "$batch" "$WARMUP" "${files[@]}" >/dev/null
fi
echo "| clients | MIST, compressing first | MIST, deferring | deferring: drain s | deferring: rate to the last frame compressed | Orthanc | deferring / Orthanc | to the last frame / Orthanc |"
echo "|---|---|---|---|---|---|---|---|"
for clients in 1 4; do
  n=$(bench org.mist.bench.StowBench stow "http://127.0.0.1:$now_port/dicomweb/studies" "$clients" "$batch" "$reps" "${files[@]}")
  d=$(bench -Dbench.drain="$status" org.mist.bench.StowBench stow "http://127.0.0.1:$deferred_port/dicomweb/studies" "$clients" "$batch" "$reps" "${files[@]}")
  o=$(bench org.mist.bench.StowBench stow "http://127.0.0.1:$orthanc_port/dicom-web/studies" "$clients" "$batch" "$reps" "${files[@]}")
  ni=$(cut -f1 <<<"$n"); di=$(cut -f1 <<<"$d"); dd=$(cut -f4 <<<"$d"); ds=$(cut -f5 <<<"$d"); oi=$(cut -f1 <<<"$o")
  echo "| $clients | $ni | $di | $dd | $ds | $oi | $(python3 -c "print(f'{$di/$oi:.2f}')") | $(python3 -c "print(f'{$ds/$oi:.2f}')") |"
  echo "  runs: now $(cut -f3 <<<"$n"); deferring $(cut -f3 <<<"$d"); Orthanc $(cut -f3 <<<"$o")" >&2
done
l=$(bench -Dbench.drain="$status" org.mist.bench.StowBench latency "http://127.0.0.1:$deferred_port/dicomweb/studies" "${files[66]}" "$reps")
echo
echo "Acknowledgement to HTJ2K, one CT slice into an idle archive: median $(cut -f1 <<<"$l") ms (runs $(cut -f2 <<<"$l"))"
if [ "$pace" -gt 0 ]; then
  rate=${4:?a paced run needs RATE}
  p=$(bench -Dbench.drain="$status" org.mist.bench.StowBench pace "http://127.0.0.1:$deferred_port/dicomweb/studies" "$rate" "$pace" "$batch" "${files[@]}")
  echo "Paced at $rate instances/s for $pace s: reached $(cut -f1 <<<"$p") instances/s; backlog (frames) at times: $(cut -f2 <<<"$p")"
fi
echo "Machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores, $(free -g | awk '/Mem/{print $2}') GiB; $(date -u +%F); reps=$reps batch=$batch warmup=${WARMUP:-0}"
