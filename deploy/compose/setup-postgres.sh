#!/bin/sh
# One-shot schema setup for Temporal's two PostgreSQL databases (run by the temporal-schema service).
# Safe to run again (every `docker compose up` does): create and setup-schema may fail on what exists; update-schema is idempotent.
# The password comes from SQL_PASSWORD, which temporal-sql-tool reads itself.
set -eu
DB_HOST="${POSTGRES_SEEDS:-postgresql}"
DB_PORT="${DB_PORT:-5432}"

echo "waiting for PostgreSQL at ${DB_HOST}:${DB_PORT}"
until nc -z "$DB_HOST" "$DB_PORT"; do sleep 1; done

for database in temporal temporal_visibility; do
  case "$database" in
    temporal) schema_dir=/etc/temporal/schema/postgresql/v12/temporal/versioned ;;
    *) schema_dir=/etc/temporal/schema/postgresql/v12/visibility/versioned ;;
  esac
  sql() { temporal-sql-tool --plugin postgres12 --ep "$DB_HOST" -p "$DB_PORT" -u "$POSTGRES_USER" --db "$database" "$@"; }
  sql create || echo "database ${database} already exists"
  sql setup-schema -v 0.0 || echo "schema of ${database} already set up"
  sql update-schema -d "$schema_dir"
done
echo "Temporal schema is ready"
