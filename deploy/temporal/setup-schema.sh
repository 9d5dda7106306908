#!/bin/sh
# Creates and migrates Temporal's two PostgreSQL databases: persistence (temporal) and visibility
# (temporal_visibility), with the schemas built into temporal-sql-tool 1.29.1. Run by `npm run cluster`
# (scripts/lib/cluster.ts) and by the temporal-schema service of docker-compose.yml.
# Safe to run again (every start does): `create` and `setup-schema` fail on what exists, which is fine;
# `update-schema` applies only the versions a database lacks (a server upgrade brings new ones).
#
# Environment: POSTGRES_SEEDS (host, default 127.0.0.1), DB_PORT (5432), POSTGRES_USER (temporal),
# SQL_PASSWORD (read by the tool itself), DBNAME (temporal), VISIBILITY_DBNAME (temporal_visibility),
# TEMPORAL_SQL_TOOL (the tool's path, default temporal-sql-tool as in the temporalio/admin-tools image).
set -eu
SQL_TOOL="${TEMPORAL_SQL_TOOL:-temporal-sql-tool}"
DB_HOST="${POSTGRES_SEEDS:-127.0.0.1}"
DB_PORT="${DB_PORT:-5432}"
DB_USER="${POSTGRES_USER:-temporal}"

if command -v nc >/dev/null 2>&1; then
  echo "waiting for PostgreSQL at ${DB_HOST}:${DB_PORT}"
  until nc -z "$DB_HOST" "$DB_PORT"; do sleep 1; done
fi

for kind in temporal visibility; do
  if [ "$kind" = temporal ]; then database="${DBNAME:-temporal}"; else database="${VISIBILITY_DBNAME:-temporal_visibility}"; fi
  sql() { "$SQL_TOOL" --plugin postgres12 --ep "$DB_HOST" -p "$DB_PORT" -u "$DB_USER" --db "$database" "$@"; }
  sql create-database >/dev/null 2>&1 && echo "created database ${database}" || echo "database ${database} already exists"
  # Versioning tables only, at 0.0: update-schema then applies every versioned step up to the newest.
  sql setup-schema -v 0.0 >/dev/null 2>&1 && echo "set up schema versioning in ${database}" || echo "schema versioning of ${database} already set up"
  sql update-schema --schema-name "postgresql/v12/${kind}"
done
echo "Temporal schema is ready"
