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
stow_body "$series" "$work/stow.body"
curl -sf -X POST "http://127.0.0.1:$mist_port/dicomweb/studies" --data-binary @"$work/stow.body" \
  -H 'Content-Type: multipart/related; type="application/dicom"; boundary=B' >/dev/null
read -r study ser sop < <(curl -sf "http://127.0.0.1:$mist_port/dicomweb/instances?InstanceNumber=67" | python3 -c '
import json,sys; i=json.load(sys.stdin)[0]; print(i["0020000D"]["Value"][0], i["0020000E"]["Value"][0], i["00080018"]["Value"][0])')
path="studies/$study/series/$ser/instances/$sop"
level1=$(curl -sf "http://127.0.0.1:$mist_port/api/$path/frames/1/levels" | python3 -c 'import json,sys; print(json.load(sys.stdin)["levels"][1]["bytes"])')
object="default/$study/$ser/$sop/frames/1.j2c"

nginx_port=$(free_port)
mkdir -p "$work/nginx"
cat > "$work/nginx.conf" <<CONF
worker_processes auto;
user root;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 1024; }
http {
  access_log off; sendfile on; tcp_nopush on; keepalive_requests 100000;
  client_body_temp_path $work/nginx; proxy_temp_path $work/nginx; fastcgi_temp_path $work/nginx;
  uwsgi_temp_path $work/nginx; scgi_temp_path $work/nginx;
  server { listen 127.0.0.1:$nginx_port; root $work/mist-data/objects; types { } default_type image/jphc; }
}
CONF
nginx -c "$work/nginx.conf" > "$work/nginx.out" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$nginx_port/$object"
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
