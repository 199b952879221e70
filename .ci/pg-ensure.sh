#!/usr/bin/env bash
# Makes sure PostgreSQL accepts connections on 127.0.0.1:5432 (trust auth, database "test") so
# the PostgreSQL store tests run. Exit 0 when reachable; otherwise say why and exit 1.
set -u

HOST=127.0.0.1
PORT=5432
DB=test

ready() { command -v pg_isready >/dev/null 2>&1 && pg_isready -q -h "$HOST" -p "$PORT"; }

ensure_database() {
  if ! psql -h "$HOST" -p "$PORT" -U postgres -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname = '$DB'" 2>/dev/null | grep -q 1; then
    echo "== creating database \"$DB\""
    psql -h "$HOST" -p "$PORT" -U postgres -d postgres -qc "CREATE DATABASE $DB" || {
      echo "== PostgreSQL is up but database \"$DB\" could not be created (is trust auth on for postgres?)" >&2
      exit 1
    }
  fi
}

if ready; then
  echo "== PostgreSQL already running on $HOST:$PORT"
  ensure_database
  exit 0
fi

if ! command -v pg_ctlcluster >/dev/null 2>&1 || [ -z "$(ls /etc/postgresql 2>/dev/null)" ]; then
  echo "== PostgreSQL is not installed here (no pg_ctlcluster or /etc/postgresql/<version>)." >&2
  echo "   The PostgreSQL store tests will be skipped locally, and fail when CI=true." >&2
  exit 1
fi

version=$(ls /etc/postgresql | sort -V | tail -n 1)
echo "== starting PostgreSQL $version (cluster main)"
pg_ctlcluster --skip-systemctl-redirect "$version" main start ||
  echo "== pg_ctlcluster reported an error; waiting to see whether the server comes up anyway" >&2

for _ in $(seq 1 30); do
  if ready; then
    echo "== PostgreSQL is up on $HOST:$PORT"
    ensure_database
    exit 0
  fi
  sleep 1
done

echo "== PostgreSQL did not accept connections on $HOST:$PORT within 30 s." >&2
echo "   Check: pg_lsclusters; tail /var/log/postgresql/postgresql-$version-main.log" >&2
exit 1
