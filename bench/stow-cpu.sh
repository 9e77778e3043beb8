#!/usr/bin/env bash
# Server CPU per STOW-RS instance, and where MIST's goes (issue 20): the 134-slice CT series in requests of 10 from
# CLIENTS clients (StowBench, fresh UIDs each repetition), into MIST deferring compression and then into Orthanc 1.10 +
# DICOMweb plugin, one at a time. Each server first takes WARMUP repetitions (the JIT's warm-up, which Orthanc, a
# native program, does not need), then REPS measured ones, around which its processes' user and system time is read
# from /proc: MIST's by thread (grouped by name: request spooling, parsing and rows, frames, the event loop, the
# background transcoder, the JIT compilers) plus its embedded PostgreSQL's, Orthanc's as one process. Rates move
# with the host; the CPU an instance costs moves much less.
#   bench/stow-cpu.sh [REPS] [WARMUP] [CLIENTS]   (defaults 20, 20, 4; needs ../shared/data)
set -euo pipefail
cd "$(dirname "$0")/.."
reps=${1:-20}
warmup=${2:-20}
clients=${3:-4}
series=../shared/data/dicom/ct-series/pancreatic-ct-cbct-seg_001
[ -d "$series" ] || { echo "needs ../shared/data" >&2; exit 1; }
. bench/lib.sh
bench_setup orthanc orthanc-dicomweb

./mvnw -B -q package -DskipTests >&2  # (the native build prints to stdout)
./mvnw -B -q dependency:build-classpath -Dmdep.outputFile="$work/cp" -Dmdep.includeScope=test
cp="target/classes:target/test-classes:$(cat "$work/cp")"
files=("$series"/*.dcm)
n=$((reps * ${#files[@]}))

threads() {  # PIDS...: "name user system" per thread, in clock ticks (the name may hold spaces: split at its ')')
  local p
  for p in "$@"; do cat /proc/"$p"/task/*/stat 2>/dev/null; done | python3 -c '
import re, sys
for line in sys.stdin:
    name, rest = line[line.index("(") + 1:line.rindex(")")], line[line.rindex(")") + 2:].split()
    print(re.sub(r"[-# ]?[0-9]+$", "", name).replace(" ", "_"), rest[11], rest[12])'
}
report() {  # LABEL BEFORE AFTER RATE: CPU ms per instance by thread group, largest first
  python3 - "$@" "$n" "$(getconf CLK_TCK)" <<'PY'
import collections, sys
label, before, after, rate, n, hz = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]), int(sys.argv[6])
def total(f):
    t = collections.defaultdict(lambda: [0, 0])
    for l in open(f):
        name, u, s = l.split()
        t[name][0] += int(u); t[name][1] += int(s)
    return t
a, b = total(before), total(after)
ms = lambda ticks: ticks * 1000 / hz / n
rows = sorted(((ms(sum(b[k]) - sum(a.get(k, [0, 0]))), k, ms(b[k][0] - a.get(k, [0, 0])[0])) for k in b), reverse=True)
print(f"{label}: {rate} instances/s (median of the runs); server CPU {sum(r[0] for r in rows):.2f} ms per instance")
for all_, k, user in rows:
    if all_ >= 0.05:
        print(f"  {k:28s} {all_:6.2f} ms  (user {user:.2f})")
PY
}
run() {  # LABEL URL PIDS-COMMAND
  local label=$1 url=$2 which=$3
  java -Xmx2g -cp "$cp" org.mist.bench.StowBench stow "$url" "$clients" 10 "$warmup" "${files[@]}" >/dev/null
  threads $($which) > "$work/before"
  local out; out=$(java -Xmx2g -cp "$cp" org.mist.bench.StowBench stow "$url" "$clients" 10 "$reps" "${files[@]}")
  threads $($which) > "$work/after"
  report "$label" "$work/before" "$work/after" "$(cut -f1 <<<"$out")"
}

MIST_DEFERRED_COMPRESSION=true start_mist -XX:G1HeapRegionSize=32m
mist_pid=${pids[0]}
wait_for "http://127.0.0.1:$mist_port/q/health/ready"
mist_procs() {  # the JVM, its PostgreSQL server and that server's backends
  local pg; pg=$(pgrep -f "$work/mist-data/postgres" | head -1)
  echo "$mist_pid $pg $(pgrep -P "$pg" | tr '\n' ' ')"
}
run "MIST, deferring compression" "http://127.0.0.1:$mist_port/dicomweb/studies" mist_procs
kill "$mist_pid"; wait "$mist_pid" 2>/dev/null || true

start_orthanc
orthanc_pid=${pids[-1]}
wait_for "http://127.0.0.1:$orthanc_port/system"
run "Orthanc" "http://127.0.0.1:$orthanc_port/dicom-web/studies" "echo $orthanc_pid"
echo "Machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores; $(date -u +%F); reps=$reps warmup=$warmup clients=$clients"
