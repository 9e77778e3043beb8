#!/usr/bin/env bash
# Export benchmark: the 134-slice CT series out of MIST (embedded defaults, sent in by storescu) as NIfTI at
# level 0 and 1 and as PNG at resolution 224, through GET /api/export (one streamed tar), against dcm2niix
# converting the same DICOM files to .nii.gz, on the same machine in the same run. Seconds are the median of
# REPS after one warm-up; MIST's bytes read from the object store come from its export log line, dcm2niix's
# are the DICOM files it reads.
#   bench/export.sh [REPS]     (default 5; needs ../shared/data; installs dcm2niix and dcmtk when missing)
set -euo pipefail
cd "$(dirname "$0")/.."
reps=${1:-5}
series=../shared/data/dicom/ct-series/pancreatic-ct-cbct-seg_001
[ -d "$series" ] || { echo "needs ../shared/data" >&2; exit 1; }
. bench/lib.sh
bench_setup dcm2niix dcmtk pigz

./mvnw -B -q package -DskipTests >&2
mist_dicom=$(free_port)
MIST_DIMSE_PORT=$mist_dicom start_mist
wait_for "http://127.0.0.1:$mist_port/q/health/ready"
storescu -aet BENCH -aec MIST 127.0.0.1 "$mist_dicom" "$series"/*.dcm
api="http://127.0.0.1:$mist_port"
uid=$(curl -sf "$api/dicomweb/series?Modality=CT" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["0020000E"]["Value"][0])')
median() { python3 -c 'import sys, statistics as s; print(f"{s.median(float(l) for l in sys.argv[1:]):.2f}")' "$@"; }
seconds() { local start end; start=$(date +%s.%N); "$@" >/dev/null; end=$(date +%s.%N); python3 -c "print($end - $start)"; }

echo "| what | seconds | bytes read | bytes written | read / stored DICOM |"
echo "|---|---|---|---|---|"
input=$(cat "$series"/*.dcm | wc -c)
for query in "format=nifti&level=0" "format=nifti&level=1" "format=png&resolution=224"; do
  url="$api/api/export?series=$uid&$query"
  curl -sf -o "$work/out.tar" "$url"
  runs=()
  for _ in $(seq 1 "$reps"); do runs+=("$(seconds curl -sf -o "$work/out.tar" "$url")"); done
  read_bytes=$(grep -o 'export [^:]*: .* bytes read' "$work/mist.log" | tail -1 | sed 's/.* written, \([0-9]*\) bytes read/\1/')
  echo "| MIST $query | $(median "${runs[@]}") | $read_bytes | $(stat -c %s "$work/out.tar") | $(python3 -c "print(f'{$read_bytes/$input:.3f}')") |"
done
for z in y n; do
  runs=()
  for _ in $(seq 0 "$reps"); do
    rm -rf "$work/d2n" && mkdir "$work/d2n"
    runs+=("$(seconds dcm2niix -z "$z" -b n -o "$work/d2n" -f ct "$series")")
  done
  echo "| dcm2niix -z $z (NIfTI, level 0 only) | $(median "${runs[@]:1}") | $input | $(cat "$work/d2n"/* | wc -c) | 1.000 |"
done
echo "Machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores, $(free -g | awk '/Mem/{print $2}') GiB; $(date -u +%F); median of $reps after 1 warm-up; dcm2niix $(dcm2niix -v 2>&1 | grep -o 'v1\.[0-9.]*' | head -1)"
