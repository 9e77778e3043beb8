#!/usr/bin/env bash
# mist eval over the CT series (134 slices, every level, all cores) against its peer, the same SSIM and PSNR in
# scikit-image on one process (bench/eval_peer.py) over MIST's own level PNGs, exported beforehand and not timed.
# Prints the median of RUNS runs of each and their ratio. Usage: bench/eval.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
bench_setup python3-skimage python3-pil
runs=${1:-3}
[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -q package -DskipTests
export MIST_DATA="$work/mist-data"
mist=scripts/mist
$mist ingest ../shared/data/dicom/ct-series --store ct > /dev/null 2>&1
for k in 0 1 2 3; do
  $mist export --format png --store ct --level $k -o "$work/level-$k.tar" > /dev/null 2>&1
  mkdir -p "$work/png/level-$k" && tar -xf "$work/level-$k.tar" -C "$work/png/level-$k"
done
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
ours=(); theirs=()
for _ in $(seq 1 "$runs"); do
  s=$(date +%s.%N); $mist eval --store ct -o "$work/eval" > /dev/null 2>&1; e=$(date +%s.%N)
  ours+=("$(echo "$e - $s" | bc)")
  s=$(date +%s.%N); /usr/bin/python3 bench/eval_peer.py "$work/png" > /dev/null; e=$(date +%s.%N)
  theirs+=("$(echo "$e - $s" | bc)")
done
m=$(printf '%s\n' "${ours[@]}" | median); p=$(printf '%s\n' "${theirs[@]}" | median)
echo "mist eval (JVM start included): ${ours[*]} s, median $m s"
echo "scikit-image, one process:     ${theirs[*]} s, median $p s"
echo "ratio mist/skimage: $(echo "scale=3; $m / $p" | bc)"
