#!/bin/sh
# First start: a cluster whose superuser "postgres" has POSTGRES_PASSWORD and a database POSTGRES_DB (default mist);
# then the server in the foreground, reachable from the network with that password only.
set -eu
: "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD must be set}"
db="${POSTGRES_DB:-mist}"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  pw="$(mktemp)"
  printf '%s\n' "$POSTGRES_PASSWORD" > "$pw"
  initdb -D "$PGDATA" -U postgres --auth=scram-sha-256 --pwfile="$pw" -E UTF8 >/dev/null
  rm -f "$pw"
  echo "host all all 0.0.0.0/0 scram-sha-256" >> "$PGDATA/pg_hba.conf"
  pg_ctl -D "$PGDATA" -o "-c listen_addresses=127.0.0.1" -w start >/dev/null
  PGPASSWORD="$POSTGRES_PASSWORD" psql -h 127.0.0.1 -U postgres -q -c "CREATE DATABASE \"$db\""
  pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
fi
exec postgres -D "$PGDATA" -c listen_addresses='*' -c max_connections=300
