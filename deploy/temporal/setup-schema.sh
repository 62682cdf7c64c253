#!/bin/sh
# Creates Temporal's two databases on temporal-db and brings their schemas up to the version this
# admin-tools image carries. Safe to run again: create tolerates an existing database, and
# update-schema applies only what is missing.
set -eu
tool() { temporal-sql-tool --plugin "$DB" --ep "$POSTGRES_SEEDS" -p "$DB_PORT" -u "$POSTGRES_USER" "$@"; }
for database in temporal temporal_visibility; do
  case "$database" in
    temporal) schema=temporal ;;
    *) schema=visibility ;;
  esac
  echo "greenlight: preparing database $database"
  tool --db "$database" create || true
  tool --db "$database" setup-schema -v 0.0
  tool --db "$database" update-schema -d "/etc/temporal/schema/postgresql/v12/$schema/versioned"
done
echo "greenlight: Temporal schema ready"
