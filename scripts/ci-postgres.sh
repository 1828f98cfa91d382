#!/usr/bin/env bash
# Starts a private PostgreSQL server (Debian's binaries) in a temporary data
# folder on port 54329 and exports ILACS_TEST_POSTGRES_URL for the tests.
# Source it: `source scripts/ci-postgres.sh`. Works as root (runs the server
# as the postgres user) and as an ordinary user.
set -euo pipefail
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
pgdir=${ILACS_PGDATA:-/tmp/ilacs-pg}
port=${ILACS_PGPORT:-54329}
as_pg() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi; }
if ! as_pg "$pgbin/pg_ctl -D $pgdir status" >/dev/null 2>&1; then
  rm -rf "$pgdir"; mkdir -p "$pgdir"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$pgdir"
  as_pg "$pgbin/initdb -D $pgdir -A trust -U ilacs >/dev/null"
  as_pg "$pgbin/pg_ctl -D $pgdir -o '-p $port -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off' -l $pgdir/log -w start >/dev/null"
fi
export ILACS_TEST_POSTGRES_URL="postgres://ilacs@127.0.0.1:$port/postgres"
echo "PostgreSQL test server: $ILACS_TEST_POSTGRES_URL"
