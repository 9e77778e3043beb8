#!/usr/bin/env bash
# Read-side benchmark with wrk: one frame of the 134-slice CT series at level 0 and level 1 (HTJ2K),
# a rendered thumbnail, and the series metadata, from MIST (embedded defaults); the same frame and
# metadata from Orthanc 1.10 + DICOMweb plugin; and the same stored codestream bytes from nginx as a
# static file (level 1 as a Range request for the level's prefix). All on loopback, same machine, same run.
#   bench/wado.sh [REPS] [SECONDS] [CONNECTIONS]   (defaults 3, 10, 8; needs ../shared/data; installs
#   wrk, nginx, orthanc, orthanc-dicomweb when missing)
# Prints a Markdown table for docs/BENCHMARKS.md: median requests/s and median p50/p99 over REPS runs.
set -euo pipefail
cd "$(dirname "$0")/.."
reps=${1:-3}
seconds=${2:-10}
conns=${3:-8}
series=../shared/data/dicom/ct-series/pancreatic-ct-cbct-seg_001
[ -d "$series" ] || { echo "needs ../shared/data" >&2; exit 1; }
. bench/lib.sh
bench_setup wrk nginx orthanc orthanc-dicomweb

./mvnw -B -q package -DskipTests
start_both_with_series "$series"

middle_slice  # by QIDO on MIST (Orthanc keeps the same UIDs)
start_nginx_on_objects

m="http://127.0.0.1:$mist_port/dicomweb/$path"
o="http://127.0.0.1:$orthanc_port/dicom-web/$path"
jphc='Accept: multipart/related; type="image/jphc"'
# One wrk target: label, then wrk's arguments. Prints "label<TAB>req/s<TAB>p50 ms<TAB>p99 ms" (medians).
run() {  # the target must answer before it is measured
  curl -sf -o /dev/null "${@: -1}" || { echo "fails: $1" >&2; tail -20 "$work/mist.log" >&2; exit 1; }
  wrk_median "$@"
}
{
  run "frame L0: MIST (HTJ2K)" -H "$jphc" "$m/frames/1"
  run "frame L0: nginx (same .j2c)" "http://127.0.0.1:$nginx_port/$object"
  run "frame L0: Orthanc (native)" "$o/frames/1"
  run "frame L1: MIST (standalone HTJ2K)" -H "$jphc" "$m/frames/1?level=1"
  run "frame L1: MIST (Range prefix)" -H "$jphc" -H "Range: bytes=0-$((level1 - 1))" "$m/frames/1"
  run "frame L1: nginx (Range prefix)" -H "Range: bytes=0-$((level1 - 1))" "http://127.0.0.1:$nginx_port/$object"
  run "thumbnail: MIST (128 px JPEG)" "$m/thumbnail"
  run "rendered: Orthanc (JPEG)" "$o/rendered"
  run "series metadata: MIST" "http://127.0.0.1:$mist_port/dicomweb/studies/$study/series/$ser/metadata"
  run "series metadata: Orthanc" "http://127.0.0.1:$orthanc_port/dicom-web/studies/$study/series/$ser/metadata"
} > "$work/results.tsv"
echo "| target | requests/s | p50 ms | p99 ms |"
echo "|---|---|---|---|"
awk -F'\t' '{ printf "| %s | %s | %s | %s |\n", $1, $2, $3, $4 }' "$work/results.tsv"
rps() { grep -F "$1" "$work/results.tsv" | cut -f2; }
echo
echo "Frame L0: MIST / Orthanc $(python3 -c "print(f'{$(rps 'frame L0: MIST')/$(rps 'frame L0: Orthanc'):.2f}')"), MIST / nginx $(python3 -c "print(f'{$(rps 'frame L0: MIST')/$(rps 'frame L0: nginx'):.2f}')")"
echo "Frame L1: MIST standalone / nginx prefix $(python3 -c "print(f'{$(rps 'L1: MIST (standalone')/$(rps 'L1: nginx'):.2f}')"), MIST prefix / nginx prefix $(python3 -c "print(f'{$(rps 'L1: MIST (Range')/$(rps 'L1: nginx'):.2f}')")"
echo "Bytes: frame L0 $(curl -s -H "$jphc" "$m/frames/1" | wc -c) (multipart), L1 standalone $(curl -s -H "$jphc" "$m/frames/1?level=1" | wc -c), L1 prefix $level1, Orthanc native $(curl -s "$o/frames/1" | wc -c)"
echo "Machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores, $(free -g | awk '/Mem/{print $2}') GiB; $(date -u +%F); wrk -t1 -c$conns -d${seconds}s, median of $reps"
