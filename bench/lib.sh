# Shared by the benchmarks (sourced): Debian packages, a work folder cleaned up on exit with every server
# started in it, free ports, readiness, and MIST and Orthanc 1.10 + DICOMweb plugin on loopback.
bench_setup() {  # Debian packages the benchmark needs; sets work, pids, and the clean-up on exit
  local p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" \
      || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$p" >/dev/null \
      || { echo "cannot install $p" >&2; exit 1; }
  done
  work=$(mktemp -d)
  pids=()
  trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"' EXIT
}

stow_body() {  # DIR FILE: every .dcm of DIR as one STOW-RS body (boundary B) in FILE
  : > "$2"
  local f
  for f in "$1"/*.dcm; do
    printf -- '--B\r\nContent-Type: application/dicom\r\n\r\n' >> "$2"
    cat "$f" >> "$2"
    printf '\r\n' >> "$2"
  done
  printf -- '--B--\r\n' >> "$2"
}

wrk_median() {  # LABEL WRK-ARGS...: after a warm-up, REPS wrk runs of SECONDS with CONNS connections (the
  # caller's reps, seconds, conns); prints "LABEL<TAB>req/s<TAB>p50 ms<TAB>p99 ms", medians. Non-2xx answers stop it.
  local label=$1; shift
  wrk -t1 -c"$conns" -d"${seconds}s" "$@" >/dev/null  # warm-up: the JIT settles first
  for _ in $(seq 1 "$reps"); do
    wrk -t1 -c"$conns" -d"${seconds}s" --latency "$@" | awk '
      function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
      /^ *50%/ { p50 = ms($2) } /^ *99%/ { p99 = ms($2) } /^Requests\/sec/ { rps = $2 } /Non-2xx/ { bad = $NF }
      END { if (bad) { print "non-2xx answers" > "/dev/stderr"; exit 1 } printf "%s\t%s\t%s\n", rps, p50, p99 }'
  done | python3 -c '
import sys, statistics as s
rows = [list(map(float, l.split())) for l in sys.stdin if l.strip()]
print("\t".join(f"{s.median(c):.2f}" for c in zip(*rows)))' | sed "s/^/$label\t/"
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_for() { for _ in $(seq 1 150); do curl -sf "$1" >/dev/null && return 0; sleep 0.2; done; echo "not ready: $1" >&2; exit 1; }

start_mist() {  # [java options...]; sets mist_port
  mist_port=$(free_port)
  MIST_DATA="$work/mist-data" MIST_HTTP_PORT=$mist_port MIST_DIMSE_PORT=${MIST_DIMSE_PORT:-$(free_port)} \
    java "$@" -jar target/quarkus-app/quarkus-run.jar > "$work/mist.log" 2>&1 &
  pids+=($!)
}

start_orthanc() {  # [dicom port]; sets orthanc_port (HTTP); with a DICOM port its C-STORE SCP listens there as ORTHANC
  orthanc_port=$(free_port)
  local dicom=${1:-4242} enabled=false
  [ -n "${1:-}" ] && enabled=true
  mkdir -p "$work/orthanc"
  cat > "$work/orthanc.json" <<JSON
{ "Name": "bench", "StorageDirectory": "$work/orthanc", "IndexDirectory": "$work/orthanc",
  "HttpPort": $orthanc_port, "DicomServerEnabled": $enabled, "DicomPort": $dicom,
  "DicomAet": "ORTHANC", "DicomCheckCalledAet": false, "RemoteAccessAllowed": false,
  "AuthenticationEnabled": false, "Plugins": ["/usr/share/orthanc/plugins/libOrthancDicomWeb.so"],
  "DicomWeb": { "Enable": true, "Root": "/dicom-web/" } }
JSON
  /usr/sbin/Orthanc "$work/orthanc.json" > "$work/orthanc.log" 2>&1 &
  pids+=($!)
}

stow_into_mist() {  # DIR: every .dcm of DIR stored in MIST on mist_port, in one STOW-RS request
  stow_body "$1" "$work/stow.body"
  curl -sf -X POST "http://127.0.0.1:$mist_port/dicomweb/studies" --data-binary @"$work/stow.body" \
    -H 'Content-Type: multipart/related; type="application/dicom"; boundary=B' >/dev/null
}

start_both_with_series() {  # DIR: MIST and Orthanc started, ready, and holding every .dcm of DIR (same UIDs)
  start_mist
  start_orthanc
  wait_for "http://127.0.0.1:$mist_port/q/health/ready"
  wait_for "http://127.0.0.1:$orthanc_port/system"
  stow_into_mist "$1"
  local f
  for f in "$1"/*.dcm; do
    curl -sf -X POST "http://127.0.0.1:$orthanc_port/instances" --data-binary @"$f" >/dev/null
  done
}

middle_slice() {  # sets study, ser, sop, path, level1 (bytes of its frame's level-1 prefix) and object (its .j2c
  # under MIST's local objects) for the middle slice of the CT series in MIST on mist_port
  read -r study ser sop < <(curl -sf "http://127.0.0.1:$mist_port/dicomweb/instances?InstanceNumber=67" | python3 -c '
import json,sys; i=json.load(sys.stdin)[0]; print(i["0020000D"]["Value"][0], i["0020000E"]["Value"][0], i["00080018"]["Value"][0])')
  path="studies/$study/series/$ser/instances/$sop"
  level1=$(curl -sf "http://127.0.0.1:$mist_port/api/$path/frames/1/levels" | python3 -c 'import json,sys; print(json.load(sys.stdin)["levels"][1]["bytes"])')
  object="default/$study/$ser/$sop/frames/1.j2c"
}

start_nginx_on_objects() {  # nginx serving MIST's local objects as static files (sendfile), ready; sets nginx_port
  nginx_port=$(free_port)
  mkdir -p "$work/nginx"
  cat > "$work/nginx.conf" <<CONF
worker_processes auto;
user root;  # the objects live under a private temp directory
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 100000;
  client_body_temp_path $work/nginx;
  proxy_temp_path $work/nginx;
  fastcgi_temp_path $work/nginx;
  uwsgi_temp_path $work/nginx;
  scgi_temp_path $work/nginx;
  server { listen 127.0.0.1:$nginx_port; root $work/mist-data/objects; types { } default_type image/jphc; }
}
CONF
  nginx -c "$work/nginx.conf" > "$work/nginx.out" 2>&1 &
  pids+=($!)
  wait_for "http://127.0.0.1:$nginx_port/$object"
}
