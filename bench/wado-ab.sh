#!/usr/bin/env bash
# The read side of two MIST builds in one run: REV (a commit, built in a temporary git worktree) against the
# working tree, each on its own embedded defaults holding the same 134-slice CT series, measured in turns
# (A, B, A, B, ...) so that the machine's drift falls on both. For a refactoring that must not cost speed.
#   bench/wado-ab.sh REV [REPS] [SECONDS] [CONNECTIONS]   (defaults 5, 10, 8; needs ../shared/data; wrk)
# Prints a Markdown table for docs/BENCHMARKS.md: median requests/s and p50/p99 of each, and B/A.
set -euo pipefail
cd "$(dirname "$0")/.."
rev=${1:?usage: bench/wado-ab.sh REV [REPS] [SECONDS] [CONNECTIONS]}
reps=${2:-5}
seconds=${3:-10}
conns=${4:-8}
series=../shared/data/dicom/ct-series/pancreatic-ct-cbct-seg_001
[ -d "$series" ] || { echo "needs ../shared/data" >&2; exit 1; }
. bench/lib.sh
bench_setup wrk

git worktree add -q --detach "$work/a" "$rev"
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; git worktree remove --force "$work/a" 2>/dev/null || true; rm -rf "$work"' EXIT
(cd "$work/a" && ./mvnw -B -q -o package -DskipTests)
./mvnw -B -q -o package -DskipTests

start() {  # name jar: starts that build on its own data folder; sets port_<name>
  local port; port=$(free_port)
  MIST_DATA="$work/data-$1" MIST_HTTP_PORT=$port MIST_DIMSE_PORT=$(free_port) \
    java -jar "$2" > "$work/$1.log" 2>&1 &
  pids+=($!)
  printf -v "port_$1" '%s' "$port"
}
start a "$work/a/target/quarkus-app/quarkus-run.jar"
start b target/quarkus-app/quarkus-run.jar
wait_for "http://127.0.0.1:$port_a/q/health/ready"
wait_for "http://127.0.0.1:$port_b/q/health/ready"

body="$work/stow.body"
stow_body "$series" "$body"
for port in "$port_a" "$port_b"; do
  curl -sf -X POST "http://127.0.0.1:$port/dicomweb/studies" --data-binary @"$body" \
    -H 'Content-Type: multipart/related; type="application/dicom"; boundary=B' >/dev/null
done
read -r study ser sop < <(curl -sf "http://127.0.0.1:$port_b/dicomweb/instances?InstanceNumber=67" | python3 -c '
import json,sys; i=json.load(sys.stdin)[0]; print(i["0020000D"]["Value"][0], i["0020000E"]["Value"][0], i["00080018"]["Value"][0])')
path="studies/$study/series/$ser/instances/$sop"
level1=$(curl -sf "http://127.0.0.1:$port_b/api/$path/frames/1/levels" | python3 -c 'import json,sys; print(json.load(sys.stdin)["levels"][1]["bytes"])')
jphc='Accept: multipart/related; type="image/jphc"'

once() {  # port, then the target's wrk arguments with {} for the base URL: "rps p50 p99"
  local port=$1; shift
  local args=("${@//\{\}/http://127.0.0.1:$port}")
  wrk -t1 -c"$conns" -d"${seconds}s" --latency "${args[@]}" | awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /^ *50%/ { p50 = ms($2) } /^ *99%/ { p99 = ms($2) } /^Requests\/sec/ { rps = $2 }
    END { printf "%s %s %s\n", rps, p50, p99 }'
}
median() { python3 -c '
import sys, statistics as s
rows = [list(map(float, l.split())) for l in sys.stdin if l.strip()]
print(" ".join(f"{s.median(c):.2f}" for c in zip(*rows)))'; }
run() {  # label, wrk arguments
  local label=$1; shift
  local a="$work/a.runs" b="$work/b.runs"
  : > "$a"; : > "$b"
  for port in "$port_a" "$port_b"; do  # warm-up, and a check that both answer
    curl -sf -o /dev/null "${@//\{\}/http://127.0.0.1:$port}" || { echo "fails: $label on $port" >&2; exit 1; }
    wrk -t1 -c"$conns" -d"${seconds}s" "${@//\{\}/http://127.0.0.1:$port}" >/dev/null
  done
  for _ in $(seq 1 "$reps"); do
    once "$port_a" "$@" >> "$a"
    once "$port_b" "$@" >> "$b"
  done
  read -r ra pa qa < <(median < "$a")
  read -r rb pb qb < <(median < "$b")
  printf '| %s | %s | %s / %s | %s | %s / %s | %s |\n' "$label" "$ra" "$pa" "$qa" "$rb" "$pb" "$qb" \
    "$(python3 -c "print(f'{$rb/$ra:.3f}')")"
}
echo "| target | A req/s | A p50 / p99 ms | B req/s | B p50 / p99 ms | B / A |"
echo "|---|---|---|---|---|---|"
run "frame L0 (HTJ2K)" -H "$jphc" "{}/dicomweb/$path/frames/1"
run "frame L0 (native)" -H 'Accept: multipart/related; type="application/octet-stream"' "{}/dicomweb/$path/frames/1"
run "frame L1 (standalone HTJ2K)" -H "$jphc" "{}/dicomweb/$path/frames/1?level=1"
run "frame L1 (Range prefix)" -H "$jphc" -H "Range: bytes=0-$((level1 - 1))" "{}/dicomweb/$path/frames/1"
run "thumbnail (128 px JPEG)" "{}/dicomweb/$path/thumbnail"
run "series metadata" "{}/dicomweb/studies/$study/series/$ser/metadata"
echo
echo "A = $(git rev-parse --short "$rev"), B = working tree on $(git rev-parse --short HEAD)$(git diff --quiet HEAD || echo ' + changes')."
echo "Machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores, $(free -g | awk '/Mem/{print $2}') GiB; $(date -u +%F); wrk -t1 -c$conns -d${seconds}s, median of $reps, A and B in turns"
