#!/bin/sh
# The monthly restore drill (docs/deploy.md): the newest backup into a scratch database,
# checked (migrations, row counts per table), timed, then dropped. Run by
# firstchoice-restore-drill.timer, or by hand with the production environment.
# The database user needs CREATEDB: sudo -u postgres psql -c 'ALTER ROLE firstchoice CREATEDB'
set -eu
BACKUPS=${BACKUPS:-/var/backups/firstchoice}
DRILL_DB=${DRILL_DB:-firstchoice_drill}
FIRSTCHOICE=${FIRSTCHOICE:-/opt/firstchoice/.venv/bin/firstchoice}
: "${DATABASE_URL:?set DATABASE_URL (the production database, only its server is used)}"

latest=$(ls -1t "$BACKUPS"/*.dump 2>/dev/null | head -n 1)
[ -n "$latest" ] || { echo "restore drill: no backup in $BACKUPS" >&2; exit 1; }
drill_url="${DATABASE_URL%/*}/$DRILL_DB"
started=$(date +%s)
dropdb --if-exists --maintenance-db="$DATABASE_URL" "$DRILL_DB"
createdb --maintenance-db="$DATABASE_URL" "$DRILL_DB"
trap 'dropdb --if-exists --maintenance-db="$DATABASE_URL" "$DRILL_DB"' EXIT
DATABASE_URL="$drill_url" "$FIRSTCHOICE" restore "$latest" --yes
DATABASE_URL="$drill_url" "$FIRSTCHOICE" migrate --check
psql "$drill_url" -Atc "SELECT 'users ' || (SELECT count(*) FROM teams_user) || ', customers ' || (SELECT count(*) FROM customers_customer) || ', sales lines ' || (SELECT count(*) FROM sales_salesline) || ', last import ' || coalesce((SELECT max(finished)::text FROM sales_importbatch), 'none')"
echo "restore drill: $latest restored into $DRILL_DB and checked in $(( $(date +%s) - started )) s"
