#!/usr/bin/env bash
# QIDO-RS at hospital scale (issue 20): MIST on its embedded defaults, its database filled through the real schema
# with bench/index-fixture.sql (10,000 studies, about 1,000,000 instances), then wrk on OHIF's queries: the study
# list (limit 101, includefield) bare and with PatientName=*x*, a StudyDate range and ModalitiesInStudy, the series
# of a study and the instances of a CT series. Prints each target's median req/s, p50 and p99 over REPS runs, the
# service's resident memory after the load, and the plans PostgreSQL chose (auto_explain, ANALYZE, one request
# each) into PLANS (default docs/plans/qido-scale.txt).
#   bench/qido-scale.sh [REPS] [SECONDS] [CONNECTIONS]   (defaults 3, 10, 8)
set -euo pipefail
cd "$(dirname "$0")/.."
reps=${1:-3}; seconds=${2:-10}; conns=${3:-8}
plans=${PLANS:-docs/plans/qido-scale.txt}
. bench/lib.sh
bench_setup wrk postgresql-client
[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -q package -DskipTests

start_mist
wait_for "http://127.0.0.1:$mist_port/q/health/ready"
pg_port=$(sed -n 4p "$work/mist-data/postgres/postmaster.pid")
export PGPASSWORD; PGPASSWORD=$(cat "$work/mist-data/postgres.password")
sql() { psql -X -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -v ON_ERROR_STOP=1 -q "$@"; }
start=$(date +%s.%N)
sql -f bench/index-fixture.sql
echo "fixture loaded in $(python3 -c "print(round($(date +%s.%N) - $start, 1))") s" >&2

m="http://127.0.0.1:$mist_port/dicomweb"
# OHIF's study list asks for these beside the defaults.
list="limit=101&offset=0&fuzzymatching=false&includefield=00081030%2C00080060%2C00080090%2C00100030"
read -r study < <(sql -At -c "select study_instance_uid from study st where exists (select 1 from series x
  where x.study_fk = st.id and x.modality = 'CT') order by id limit 1 offset 500")
read -r series < <(sql -At -c "select se.series_instance_uid from series se join study st on st.id = se.study_fk
  where st.study_instance_uid = '$study' and se.series_number = 2")
declare -a labels paths  # paths under /dicomweb
target() { labels+=("$1"); paths+=("$2"); }
target "study list, first page" "/studies?$list"
target "study list, PatientName=*AMILY01*" "/studies?$list&PatientName=*AMILY01*"
target "study list, StudyDate 2015" "/studies?$list&StudyDate=20150101-20151231"
target "study list, ModalitiesInStudy=MR" "/studies?$list&ModalitiesInStudy=MR"
target "study list, name + date + modality" "/studies?$list&PatientName=*GIVEN0*&StudyDate=20100101-20201231&ModalitiesInStudy=CT"
target "study list, PatientID exact" "/studies?$list&PatientID=SCALE000123"
target "series of a CT study" "/studies/$study/series"
target "instances of a CT series" "/studies/$study/series/$series/instances"

# The plans: auto_explain for every statement of one request per target, then off again (a reload reaches
# the pool's open sessions; the library is loaded into each new session and the log file needs a restart, so
# MIST, which runs the database, restarts once).
sql -c "alter system set session_preload_libraries = 'auto_explain'" -c "alter system set auto_explain.log_analyze = on" \
    -c "alter system set auto_explain.log_min_duration = -1" -c "alter system set logging_collector = on" \
    -c "alter system set log_directory = 'log'" -c "alter system set log_filename = 'plans.log'" >/dev/null
pglog=$work/mist-data/postgres/log/plans.log
kill "${pids[0]}"; wait "${pids[0]}" 2>/dev/null || true
start_mist
wait_for "http://127.0.0.1:$mist_port/q/health/ready"
pg_port=$(sed -n 4p "$work/mist-data/postgres/postmaster.pid")
m="http://127.0.0.1:$mist_port/dicomweb"
for p in "${paths[@]}"; do curl -sf -o /dev/null "$m$p"; done  # the pool's sessions are open, the library loaded
sql -c "alter system set auto_explain.log_min_duration = 0" -c "select pg_reload_conf()" >/dev/null
sleep 1
mkdir -p "$(dirname "$plans")"
{
  echo "# PostgreSQL's plans for MIST's QIDO-RS queries over bench/index-fixture.sql ($(date -u +%F), bench/qido-scale.sh)"
  for i in "${!paths[@]}"; do
    mark=$(wc -l < "$pglog")
    curl -sf -o /dev/null "$m${paths[$i]}"
    sleep 0.5
    echo; echo "## ${labels[$i]}: ${paths[$i]}"
    tail -n +"$((mark + 1))" "$pglog" | sed -n '/duration: /,$p' | sed 's/^.*LOG: *//'
  done
} > "$plans"
sql -c "alter system set auto_explain.log_min_duration = -1" -c "select pg_reload_conf()" >/dev/null

echo -e "target\treq/s\tp50 ms\tp99 ms\tanswer bytes"
for i in "${!paths[@]}"; do
  bytes=$(curl -sf "$m${paths[$i]}" | wc -c)
  echo -e "$(wrk_median "${labels[$i]}" "$m${paths[$i]}")\t$bytes"
done
echo "MIST resident memory after the load: $(ps -o rss= -p "${pids[-1]}" | awk '{printf "%.0f MB", $1 / 1024}')"
echo "rows: $(sql -At -c "select count(*) || ' studies, ' || (select count(*) from series) || ' series, ' ||
  (select count(*) from instance) || ' instances' from study")"
