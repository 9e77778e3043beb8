#!/usr/bin/env bash
# Time to first image in OHIF 3.13.2 (the build MIST serves) on the CT series (134 slices), Chromium throttled to
# MBIT Mbit/s with RTT ms of latency, median of RUNS runs each, the setups taking turns:
#   mist           MIST as its /viewer configures OHIF: the shown image first from its smallest level of at
#                  least 128 pixels, then the whole frame as stored (HTJ2K RPCL), streamed, like the rest;
#   mist-streamed  MIST, frames as stored, streamed (OHIF's default retrieve), no first look;
#   mist-whole     MIST, frames as whole native words (Explicit VR Little Endian);
#   orthanc        Orthanc 1.10 + DICOMweb plugin, frames as stored (the series' Implicit VR Little Endian).
# One nginx serves the same OHIF files for all and proxies /dicomweb/ to the server, so every page is same-origin
# and passes the same proxy. Each run is a returning user: a first, unthrottled visit caches the viewer's files,
# then the timed visit fetches every DICOMweb answer again (nginx marks them no-store). Prints each run, then the
# medians. Usage: [SETUPS="mist mist-whole"] bench/viewer.sh [RUNS] [MBIT] [RTT]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
runs=${1:-5}; mbit=${2:-20}; rtt=${3:-40}; setups=${SETUPS:-mist mist-streamed mist-whole orthanc}
series=../shared/data/dicom/ct-series/pancreatic-ct-cbct-seg_001
bench_setup nginx orthanc orthanc-dicomweb chromium
scripts/viewer.sh >/dev/null
[ -d src/test/node/node_modules/playwright-core ] || (cd src/test/node && npm ci --no-audit --no-fund --loglevel=error)
[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -q package -DskipTests
start_both_with_series "$series"
study=$(curl -sf "http://127.0.0.1:$mist_port/dicomweb/studies" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["0020000D"]["Value"][0])')

dist=$(pwd)/viewer/ohif/dist
mkdir -p "$work/nginx"
config() {  # requestTransferSyntaxUID [stackRetrieveOptions]
  cat <<JS
window.config = { routerBasename: '/', showStudyList: true, extensions: [], modes: [], maxNumberOfWebWorkers: 3,
  showWarningMessageForCrossOrigin: false, showCPUFallbackMessage: false, showLoadingIndicator: true,
  defaultDataSourceName: 'bench', investigationalUseDialog: { option: 'never' },
  dataSources: [{ namespace: '@ohif/extension-default.dataSourcesModule.dicomweb', sourceName: 'bench',
    configuration: { friendlyName: 'bench', name: 'bench', wadoUriRoot: window.location.origin + '/dicomweb',
      qidoRoot: window.location.origin + '/dicomweb', wadoRoot: window.location.origin + '/dicomweb',
      qidoSupportsIncludeField: false, imageRendering: 'wadors', thumbnailRendering: 'wadors', enableStudyLazyLoad: true,
      supportsFuzzyMatching: false, supportsWildcard: true, staticWado: false, singlepart: 'bulkdata,video',
      bulkDataURI: { enabled: true }, omitQuotationForMultipartRequest: true, requestTransferSyntaxUID: '$1'${2:+, stackRetrieveOptions: $2} } }] };
JS
}
# The mist setup's retrieve stages are read from the configuration MIST itself serves at /viewer.
first_look=$(curl -sf "http://127.0.0.1:$mist_port/viewer/app-config.js" | python3 -c '
import sys
js = sys.stdin.read()
i = js.index("{", js.index("stackRetrieveOptions:"))
depth = 0
for j in range(i, len(js)):
    depth += {"{": 1, "}": -1}.get(js[j], 0)
    if depth == 0:
        print(" ".join(js[i:j + 1].split()))
        break')
declare -A app backend ts retrieve
mist_root="http://127.0.0.1:$mist_port/dicomweb/"
backend=([mist]=$mist_root [mist-streamed]=$mist_root [mist-whole]=$mist_root [orthanc]="http://127.0.0.1:$orthanc_port/dicom-web/")
ts=([mist]='*' [mist-streamed]='*' [mist-whole]='1.2.840.10008.1.2.1' [orthanc]='*')
retrieve=([mist]=$first_look)
servers=""
for setup in $setups; do
  app[$setup]=$(free_port)
  config "${ts[$setup]}" "${retrieve[$setup]:-}" > "$work/config-$setup.js"
  servers+="
  server {
    listen 127.0.0.1:${app[$setup]};
    root $dist;
    location = /app-config.js { alias $work/config-$setup.js; add_header Cache-Control no-store; }
    location /dicomweb/ { proxy_pass ${backend[$setup]}; proxy_buffering off; proxy_http_version 1.1;
                          proxy_hide_header Cache-Control; add_header Cache-Control no-store; }
    location / { try_files \$uri /index.html; add_header Cache-Control \"max-age=3600\"; }
  }"
done
cat > "$work/nginx.conf" <<CONF
worker_processes 1;
user root;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 1024; }
http {
  include /etc/nginx/mime.types;
  types { application/wasm wasm; }
  access_log off;
  sendfile on;
  client_body_temp_path $work/nginx;
  proxy_temp_path $work/nginx;
  fastcgi_temp_path $work/nginx;
  uwsgi_temp_path $work/nginx;
  scgi_temp_path $work/nginx;
$servers
}
CONF
nginx -c "$work/nginx.conf" > "$work/nginx.out" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:${app[${setups%% *}]}/index.html"

echo "setup	run	first image (ms)	first frame request (ms)	all frames (ms)	frames	frame bytes"
for run in $(seq 1 "$runs"); do
  for setup in $setups; do
    args=$(python3 -c 'import json,sys; print(json.dumps({"app": sys.argv[1], "study": sys.argv[2], "frames": 134,
      "mbit": float(sys.argv[3]), "rtt": float(sys.argv[4])}))' "http://127.0.0.1:${app[$setup]}" "$study" "$mbit" "$rtt")
    result=$(cd src/test/node && node viewer-ttfi.mjs "$args" 2> "$work/trace-$setup-$run.txt")
    [ -n "${TTFI_TRACE:-}" ] && cp "$work/trace-$setup-$run.txt" /tmp/
    echo "$result" | python3 -c 'import json,sys; r=json.load(sys.stdin); print("\t".join(str(x) for x in
      [sys.argv[1], sys.argv[2], r["firstImage"], r["firstRequest"], r["allFrames"], r["frames"], r["frameBytes"]]))' "$setup" "$run"
  done
done | tee "$work/runs.tsv"
python3 - "$work/runs.tsv" <<'PY'
import statistics, sys
rows = [l.split("\t") for l in open(sys.argv[1]) if not l.startswith("setup")]
for setup in dict.fromkeys(r[0] for r in rows):
    mine = [r for r in rows if r[0] == setup]
    first = statistics.median(float(r[2]) for r in mine)
    image = statistics.median(float(r[2]) - float(r[3]) for r in mine)
    done = [float(r[4]) for r in mine if r[4] != "None"]
    print(f"{setup}: first image median {first:.0f} ms, {image:.0f} ms after its frame request; all frames median "
          f"{statistics.median(done):.0f} ms ({len(done)} of {len(mine)} runs fetched all)" if done else
          f"{setup}: first image median {first:.0f} ms, {image:.0f} ms after its frame request; all frames: not every run fetched all")
PY
