#!/usr/bin/env bash
# STOW-RS benchmark: the 134-slice CT series into MIST (embedded defaults: local objects, embedded
# PostgreSQL, HTJ2K encode with verification) and into Orthanc 1.10 + DICOMweb plugin, both on loopback,
# on the same machine in the same run; 1 and 4 parallel clients, requests of BATCH instances.
#   bench/stow.sh [REPS] [BATCH]     (defaults 5 and 10; needs ../shared/data, installs orthanc)
# Prints a Markdown table for docs/BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
reps=${1:-5}
batch=${2:-10}
series=../shared/data/dicom/ct-series/pancreatic-ct-cbct-seg_001
[ -d "$series" ] || { echo "needs ../shared/data" >&2; exit 1; }
. bench/lib.sh
bench_setup orthanc orthanc-dicomweb

./mvnw -B -q package -DskipTests
./mvnw -B -q dependency:build-classpath -Dmdep.outputFile="$work/cp" -Dmdep.includeScope=test
cp="target/classes:target/test-classes:$(cat "$work/cp")"
start_mist -XX:G1HeapRegionSize=32m
start_orthanc
wait_for "http://127.0.0.1:$mist_port/q/health/ready"
wait_for "http://127.0.0.1:$orthanc_port/system"

files=("$series"/*.dcm)
received=$(cat "${files[@]}" | wc -c)
bench() { java -Xmx2g -cp "$cp" org.mist.bench.StowBench stow "$1" "$2" "$batch" "$reps" "${files[@]}"; }
encode=$(java -Xmx2g -cp "$cp" org.mist.bench.StowBench encode "${files[@]}")
cores=$(nproc)
echo "| clients | MIST inst/s | MIST MB/s | Orthanc inst/s | Orthanc MB/s | MIST / Orthanc |"
echo "|---|---|---|---|---|---|"
for clients in 1 4; do
  m=$(bench "http://127.0.0.1:$mist_port/dicomweb/studies" "$clients")
  o=$(bench "http://127.0.0.1:$orthanc_port/dicom-web/studies" "$clients")
  mi=$(cut -f1 <<<"$m"); mm=$(cut -f2 <<<"$m"); oi=$(cut -f1 <<<"$o"); om=$(cut -f2 <<<"$o")
  echo "| $clients | $mi | $mm | $oi | $om | $(python3 -c "print(f'{$mi/$oi:.2f}')") |"
  echo "  runs: MIST $(cut -f3 <<<"$m"), Orthanc $(cut -f3 <<<"$o")" >&2
done
stored=$(find "$work/mist-data/objects" -type f -printf '%s\n' | awk '{s+=$1} END {print s}')
runs=$(( (reps + 3) * 2 ))  # three warm-up runs per client count, then REPS timed ones
echo
echo "MIST stored/received: $(python3 -c "print(f'{$stored/($received*$runs):.3f}')") ($stored bytes of objects for $runs x $received bytes received)"
ms=$(cut -f1 <<<"$encode"); rate=$(cut -f2 <<<"$encode")
echo "Codec bound: $cores cores x $rate frames/s single-thread (read + encode + verify + split, $ms ms/frame) = $(python3 -c "print(f'{$cores*$rate:.0f}')") instances/s"
echo "Machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $cores cores, $(free -g | awk '/Mem/{print $2}') GiB; $(date -u +%F); reps=$reps batch=$batch"
