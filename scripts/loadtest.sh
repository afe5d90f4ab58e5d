#!/usr/bin/env bash
# Measures /portfolio and a filtered /projects page on a 100,000-project
# demo portfolio in PostgreSQL (DESIGN §5, issue 6 goal: p95 < 150 ms for
# /portfolio, < 50 ms for a filtered /projects page on a two-core machine).
#
#   scripts/loadtest.sh                 # 100,000 projects on 127.0.0.1:5432 as postgres
#   PROJECTS=20000 scripts/loadtest.sh  # a smaller portfolio
#
# It creates its own database (puente_bench_<pid>), loads the demo, starts
# the server on a spare port, measures with scripts/loadtest, and drops the
# database and stops the server when it ends.
set -euo pipefail
cd "$(dirname "$0")/.."
PROJECTS=${PROJECTS:-100000}
PGURL=${PGURL:-postgres://postgres@127.0.0.1:5432}
PORT=${PORT:-18$((RANDOM % 900 + 100))}
DB=puente_bench_$$
DATA=$(mktemp -d)
BIN=$DATA/puente
SERVER=

cleanup() {
	if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; fi
	psql "$PGURL/postgres?sslmode=disable" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null || true
	rm -rf "$DATA"
}
trap cleanup EXIT

go build -o "$BIN" ./cmd/puente
psql "$PGURL/postgres?sslmode=disable" -qc "CREATE DATABASE $DB" >/dev/null
export DATABASE_URL="$PGURL/$DB?sslmode=disable" PUENTE_DATA_DIR=$DATA PUENTE_ADDR=127.0.0.1:$PORT
export PUENTE_SECRET=loadtest-secret-loadtest-secret-0123 PUENTE_BASE_URL=http://127.0.0.1:$PORT PUENTE_LOG_LEVEL=error
"$BIN" migrate up >/dev/null
"$BIN" seed >/dev/null
echo "loading $PROJECTS demo projects..."
"$BIN" demo --projects "$PROJECTS" | head -1
printf '%s\n' 'loadtest-director-pass' | "$BIN" user create --email bench@example.org --name Bench --role director --password-stdin >/dev/null
psql "$DATABASE_URL" -qc "VACUUM ANALYZE" >/dev/null
"$BIN" serve >"$DATA/serve.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 100); do
	curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
	sleep 0.2
done
go run ./scripts/loadtest -base "http://127.0.0.1:$PORT" -email bench@example.org -password loadtest-director-pass -n "${N:-200}" -database "$DATABASE_URL"
