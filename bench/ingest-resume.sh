#!/usr/bin/env bash
# Bulk ingest through the command line (issue 20): N generated PNGs (256 x 256, 8-bit; default 100,000) and the
# CT series copied to 20 series with fresh UIDs (dcmodify), by `mist ingest` into a fresh data folder.
#   1. one run to the end: files/s (the summary's time, JVM and database start excluded) and peak RSS;
#   2. a fresh folder again, the run killed with SIGKILL halfway, then started again: what the second run skipped
#      without reading, and the service's count afterwards (instances = files: none missing, none twice).
#   [PARTS=resume] bench/ingest-resume.sh [N]   (needs ../shared/data; PARTS=resume runs the second part only)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
series=../shared/data/dicom/ct-series/pancreatic-ct-cbct-seg_001
[ -d "$series" ] || { echo "needs ../shared/data" >&2; exit 1; }
. bench/lib.sh
bench_setup dcmtk time python3-pil python3-numpy
[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -q package -DskipTests

in=$work/in
/usr/bin/python3 - "$in/png" "$n" <<'PY'
import os, sys
import numpy as np
from PIL import Image
out, n = sys.argv[1], int(sys.argv[2])
rng = np.random.default_rng(7)
y, x = np.mgrid[0:256, 0:256]
for i in range(n):
    folder = os.path.join(out, f"{i // 1000:03d}")
    os.makedirs(folder, exist_ok=True)
    # a smooth field with some noise, like a downsampled radiograph: each image another
    img = (np.sin((x + i) / 23.0) * 60 + np.cos((y * (1 + i % 7)) / 31.0) * 50 + 128 + rng.normal(0, 6, (256, 256)))
    Image.fromarray(np.clip(img, 0, 255).astype(np.uint8), "L").save(os.path.join(folder, f"{i}.png"))
PY
for k in $(seq 1 20); do
  mkdir -p "$in/ct/$k"
  cp "$series"/*.dcm "$in/ct/$k/"
  dcmodify -nb -q -m "(0020,000D)=2.25.$((RANDOM * 32768 + RANDOM))$k$RANDOM" -m "(0020,000E)=2.25.$((RANDOM * 32768 + RANDOM))$k$RANDOM" \
    -gin "$in/ct/$k"/*.dcm
done
files=$(find "$in" -type f | wc -l)
echo "input: $files files ($n PNGs, 20 CT series of $(ls "$series"/*.dcm | wc -l)), $(du -sh "$in" | cut -f1)"

ingest() {  # DATA: mist ingest of the input into DATA; prints its output
  MIST_DATA=$1 /usr/bin/time -f "peak RSS %M KB" scripts/mist ingest "$in" 2>&1 | tr '\r' '\n' | grep -v '^\[' || true
}
if [ "${PARTS:-all}" != resume ]; then
  echo "== one run to the end"
  ingest "$work/one" | tee "$work/one.txt" | grep -E "^files:|^bytes|^not read|^peak|^failed" || true
  python3 - "$work/one.txt" "$files" <<'PY'
import re, sys
t = open(sys.argv[1]).read()
m = re.search(r"files: (\d+), stored: (\d+), already stored: (\d+), failed: (\d+), in ([\d.]+) s", t)
print(f"rate: {int(m.group(2)) / float(m.group(5)):.0f} files/s over {m.group(5)} s")
PY
fi

echo "== killed halfway, then started again"
MIST_DATA=$work/two scripts/mist ingest "$in" > "$work/two-a.txt" 2>&1 &
pid=$!
while kill -0 "$pid" 2>/dev/null; do
  done_now=$(tr '\r' '\n' < "$work/two-a.txt" | grep -oE '\] [0-9]+/' | tail -1 | tr -dc 0-9 || true)
  [ -n "$done_now" ] && [ "$done_now" -ge $((files / 2)) ] && { kill -9 "$pid"; break; }
  sleep 0.2
done
wait "$pid" 2>/dev/null || true
echo "killed at $(tr '\r' '\n' < "$work/two-a.txt" | grep -oE '\] [0-9]+/[0-9]+' | tail -1 | tr -d '] ' || true) files done"
ingest "$work/two" | grep -E "^files:|^not read|^peak|^failed" || true
mist_port=$(free_port)
MIST_DATA=$work/two MIST_HTTP_PORT=$mist_port MIST_DIMSE_PORT=$(free_port) java -jar target/quarkus-app/quarkus-run.jar \
  > "$work/service.log" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$mist_port/q/health/ready"
curl -sf "http://127.0.0.1:$mist_port/api/stores" | python3 -c '
import json, sys
files = int(sys.argv[1])
i = json.load(sys.stdin)[0]["instances"]
print(f"store afterwards: {i} instances for {files} files: {max(0, files - i)} missing, {max(0, i - files)} more than the files")' "$files"
