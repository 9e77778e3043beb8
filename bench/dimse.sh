#!/usr/bin/env bash
# C-STORE benchmark: DCMTK storescu sends the 134-slice CT series (one association) into MIST's DICOM node
# (embedded defaults, HTJ2K encode with verification) and into Orthanc 1.10's C-STORE SCP, on loopback, on
# the same machine in the same run. Every run gets fresh Study/Series/SOP Instance UIDs (dcmodify), so
# nothing is "already stored". 3 warm-up runs each, then the median of REPS.
#   bench/dimse.sh [REPS]     (default 5; needs ../shared/data; installs orthanc when missing)
set -euo pipefail
cd "$(dirname "$0")/.."
reps=${1:-5}
series=../shared/data/dicom/ct-series/pancreatic-ct-cbct-seg_001
[ -d "$series" ] || { echo "needs ../shared/data" >&2; exit 1; }
. bench/lib.sh
bench_setup orthanc orthanc-dicomweb dcmtk

./mvnw -B -q package -DskipTests
mist_dicom=$(free_port)
orthanc_dicom=$(free_port)
MIST_DIMSE_PORT=$mist_dicom start_mist
start_orthanc "$orthanc_dicom"
wait_for "http://127.0.0.1:$mist_port/q/health/ready"
wait_for "http://127.0.0.1:$orthanc_port/system"

uid() { python3 -c 'import uuid; print("2.25." + str(uuid.uuid4().int))'; }
# One timed run: fresh UIDs, then storescu; prints instances/s.
send() {  # called AE, port
  rm -rf "$work/run" && cp -r "$series" "$work/run"
  dcmodify -q -nb -ma "(0020,000D)=$(uid)" -ma "(0020,000E)=$(uid)" -gin "$work/run"/*.dcm
  local start end
  start=$(date +%s.%N)
  storescu -aet BENCH -aec "$1" 127.0.0.1 "$2" "$work/run"/*.dcm
  end=$(date +%s.%N)
  python3 -c "print(f'{134 / ($end - $start):.1f}')"
}
bench() {  # called AE, port: warm-ups, then the median of REPS
  for _ in 1 2 3; do send "$1" "$2" >/dev/null; done
  local runs=()
  for _ in $(seq 1 "$reps"); do runs+=("$(send "$1" "$2")"); done
  echo "${runs[*]}" >&2
  printf '%s\n' "${runs[@]}" | python3 -c 'import sys, statistics as s; print(f"{s.median(float(l) for l in sys.stdin):.1f}")'
}
m=$(bench MIST "$mist_dicom")
o=$(bench ORTHANC "$orthanc_dicom")
echo "| sender | MIST inst/s | Orthanc inst/s | MIST / Orthanc |"
echo "|---|---|---|---|"
echo "| storescu, 1 association, 134 CT slices | $m | $o | $(python3 -c "print(f'{$m/$o:.2f}')") |"
echo "Machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores, $(free -g | awk '/Mem/{print $2}') GiB; $(date -u +%F); median of $reps after 3 warm-ups"
