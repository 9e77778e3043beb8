#!/usr/bin/env bash
# Server CPU per frame request: MIST (embedded defaults) and nginx serving the same stored .j2c, each measured by
# its processes' user and system time (/proc) around wrk runs on one CT frame at level 0 and level 1. Requests/s
# move with whatever else the host runs; the CPU a request costs moves much less, so this is the measure for a
# change whose gain is smaller than that noise.
#   bench/frame-cpu.sh [REPS] [SECONDS] [WARMUP]   (defaults 3, 8, 20; needs ../shared/data; wrk, nginx)
# Prints one line per run: target, requests/s, server CPU µs per request (all / user).
set -euo pipefail
cd "$(dirname "$0")/.."
reps=${1:-3}
seconds=${2:-8}
warmup=${3:-20}
series=../shared/data/dicom/ct-series/pancreatic-ct-cbct-seg_001
[ -d "$series" ] || { echo "needs ../shared/data" >&2; exit 1; }
. bench/lib.sh
bench_setup wrk nginx

./mvnw -B -q package -DskipTests
start_mist
wait_for "http://127.0.0.1:$mist_port/q/health/ready"
stow_into_mist "$series"
middle_slice
start_nginx_on_objects
mist_pid=${pids[0]}

ticks() {  # PIDS...: user and all clock ticks of those processes so far
  local p
  for p in "$@"; do awk '{ print $14, $14 + $15 }' "/proc/$p/stat"; done | awk '{ u += $1; a += $2 } END { print u, a }'
}
measure() {  # LABEL PIDS-COMMAND WRK-ARGS...
  local label=$1 which=$2; shift 2
  wrk -t1 -c8 -d"${warmup}s" "$@" >/dev/null
  for _ in $(seq 1 "$reps"); do
    local procs; procs=$($which)
    read -r u0 a0 < <(ticks $procs)
    local out; out=$(wrk -t1 -c8 -d"${seconds}s" "$@")
    read -r u1 a1 < <(ticks $procs)
    local n rps hz; n=$(echo "$out" | awk '/requests in/ { print $1 }'); rps=$(echo "$out" | awk '/^Requests\/sec/ { print $2 }')
    hz=$(getconf CLK_TCK)
    python3 -c "print(f'$label\t{float(\"$rps\"):.0f} req/s\t{($a1-$a0)*1e6/$hz/$n:.1f} µs\t{($u1-$u0)*1e6/$hz/$n:.1f} µs user')"
  done
}
mist_procs() { echo "$mist_pid"; }
nginx_procs() { pgrep -f "nginx: worker process" | tr '\n' ' '; }
m="http://127.0.0.1:$mist_port/dicomweb/$path/frames/1"
jphc='Accept: multipart/related; type="image/jphc"'
measure "frame L0: MIST" mist_procs -H "$jphc" "$m"
measure "frame L0: nginx" nginx_procs "http://127.0.0.1:$nginx_port/$object"
measure "frame L1: MIST (standalone)" mist_procs -H "$jphc" "$m?level=1"
measure "frame L1: MIST (Range prefix)" mist_procs -H "$jphc" -H "Range: bytes=0-$((level1 - 1))" "$m"
measure "frame L1: nginx (Range prefix)" nginx_procs -H "Range: bytes=0-$((level1 - 1))" "http://127.0.0.1:$nginx_port/$object"
echo "Machine: $(lscpu | awk -F: '/Model name/ { gsub(/^ +/, "", $2); print $2 }'), $(nproc) cores; $(date +%F); wrk -t1 -c8 -d${seconds}s after ${warmup}s"
