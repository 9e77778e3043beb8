#!/usr/bin/env bash
# The cost of "acknowledged means stored": STOW-RS of the 134-slice CT series into MIST on its embedded
# defaults, durable (fsync and synchronous commit in PostgreSQL, fsynced object files and directories)
# and not (MIST_DURABLE=false), one after the other in the same run, 1 and 4 parallel clients.
#   bench/durability.sh [REPS] [BATCH]     (defaults 5 and 10; needs ../shared/data)
# Prints a Markdown table for docs/BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
reps=${1:-5}
batch=${2:-10}
series=../shared/data/dicom/ct-series/pancreatic-ct-cbct-seg_001
[ -d "$series" ] || { echo "needs ../shared/data" >&2; exit 1; }
. bench/lib.sh
bench_setup

./mvnw -B -q package -DskipTests
./mvnw -B -q dependency:build-classpath -Dmdep.outputFile="$work/cp" -Dmdep.includeScope=test
cp="target/classes:target/test-classes:$(cat "$work/cp")"
files=("$series"/*.dcm)
declare -A rate
for durable in true false; do
  rm -rf "$work/mist-data"
  MIST_DURABLE=$durable start_mist -XX:G1HeapRegionSize=32m
  wait_for "http://127.0.0.1:$mist_port/q/health/ready"
  for clients in 1 4; do
    r=$(java -Xmx2g -cp "$cp" org.mist.bench.StowBench stow "http://127.0.0.1:$mist_port/dicomweb/studies" "$clients" \
        "$batch" "$reps" "${files[@]}")
    rate[$durable,$clients]=$(cut -f1 <<<"$r")
    echo "  durable=$durable clients=$clients runs: $(cut -f3 <<<"$r")" >&2
  done
  kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true
done
echo "| clients | durable inst/s | not durable inst/s | durable / not |"
echo "|---|---|---|---|"
for clients in 1 4; do
  d=${rate[true,$clients]}; n=${rate[false,$clients]}
  echo "| $clients | $d | $n | $(python3 -c "print(f'{$d/$n:.2f}')") |"
done
echo "Machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores, $(free -g | awk '/Mem/{print $2}') GiB;" \
  "disk: $(df -h "$work" | awk 'NR==2{print $1}'); $(date -u +%F); reps=$reps batch=$batch"
