#!/usr/bin/env bash
# Codec benchmark: OpenJPH through JNI (MIST's codec) vs a native C++ harness on the same library, on
# the same frames in the same run; plus the cost of verification, splitting and cutting a level.
#   bench/codec.sh [REPS]     (default 15; needs ../shared/data)
# Prints a Markdown table for docs/BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
reps=${1:-15}
data=../shared/data/dicom
[ -d "$data" ] || { echo "needs ../shared/data" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

./mvnw -B -q test-compile
./mvnw -B -q dependency:build-classpath -Dmdep.outputFile="$work/cp" -Dmdep.includeScope=test
cp="target/classes:target/test-classes:$(cat "$work/cp")"
cmake -S bench/native -B "$work/build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$work/build" >/dev/null

mkdir -p "$work/ct" "$work/cr"
mapfile -t ct < <(ls "$data"/ct-series/pancreatic-ct-cbct-seg_001/*.dcm | head -20)
java -cp "$cp" org.mist.bench.CodecBench prepare "$work/ct" "${ct[@]}"
java -cp "$cp" org.mist.bench.CodecBench prepare "$work/cr" "$data/wg04/RG2/RG2_UNC.dcm"

run() {  # set name, then native and JNI lines
  local set=$1; shift
  "$work/build/ojph-bench" "$reps" "$@" | sed "s/^/native\t$set\t/"
  java -Xmx2g -XX:G1HeapRegionSize=32m -cp "$cp" org.mist.bench.CodecBench run "$reps" "$@" | sed "s/^/jni\t$set\t/"
}
{ run "CT 512x512 x20" "$work"/ct/*.raw; run "CR 1760x2140 (RG2)" "$work"/cr/*.raw; } > "$work/results.tsv"

echo "OpenJPH $(dpkg-query -W -f='${Version}' libopenjph-dev 2>/dev/null), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(date -u +%F), median of $reps"
echo
echo "| frames | operation | native ms/frame | JNI ms/frame | JNI Mpixel/s | JNI/native speed |"
echo "|---|---|---|---|---|---|"
awk -F'\t' '
  $1=="native" { nat[$2"|"$3]=$4 }
  $1=="jni" && $3!="stored-bytes" { key=$2"|"$3; per=$4/$5; mp=$6/($4*1000);
    if (key in nat) printf "| %s | %s | %.2f | %.2f | %.1f | %.2f |\n", $2, $3, nat[key]/$5, per, mp, nat[key]/$4;
    else printf "| %s | %s | - | %.3f | %.1f | - |\n", $2, $3, per, mp }
  $1=="jni" && $3=="stored-bytes" { printf "| %s | stored bytes/frame | - | %d | - | - |\n", $2, $4/$5 }
' "$work/results.tsv"
