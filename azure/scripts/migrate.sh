#!/bin/sh
# Entrypoint of the migrations image (Dockerfile target `migrations`), run by the Azure migrations job and by
# compose's `migrate` service:
#   1. the schema: Liquibase (MigrateCommand) as DATABASE_USERNAME, the owner of every table;
#   2. when APP_DATABASE_USERNAME is set: the apps' least-privilege role (app-role.sql), with psql, outside
#      Liquibase, because it carries a password from Key Vault and has to run again whenever that changes.
# Reads DATABASE_URL, DATABASE_USERNAME, DATABASE_PASSWORD, APP_DATABASE_USERNAME and APP_DATABASE_PASSWORD.
# Exit code: MigrateCommand's (0 done, 1 failed, 2 bad settings), or psql's (non-zero: the role step failed).
set -eu

java -cp "/app/migrations.jar:/app/lib/*" com.salesbooking.migrations.MigrateCommand

if [ -z "${APP_DATABASE_USERNAME:-}" ]; then
  echo "APP_DATABASE_USERNAME is not set: no application role (the apps log in as ${DATABASE_USERNAME:-the owner})"
  exit 0
fi
: "${APP_DATABASE_PASSWORD:?APP_DATABASE_PASSWORD must be set together with APP_DATABASE_USERNAME}"

# psql takes the parts of jdbc:postgresql://host[:port]/database[?params]
rest=${DATABASE_URL#jdbc:postgresql://}
hostport=${rest%%/*}
database=${rest#*/}
case "$hostport" in
  *:*) PGHOST=${hostport%:*}; PGPORT=${hostport##*:} ;;
  # 5432: PostgreSQL's (and the JDBC driver's) default port
  *) PGHOST=$hostport; PGPORT=5432 ;;
esac
PGDATABASE=${database%%\?*}
PGUSER=$DATABASE_USERNAME
PGPASSWORD=$DATABASE_PASSWORD
export PGHOST PGPORT PGDATABASE PGUSER PGPASSWORD
# the same TLS checks as the JDBC URL: verify-full checks the certificate chain (system CA store; libpq >= 16
# understands sslrootcert=system) and the host name
case "$rest" in
  *sslmode=verify-full*) export PGSSLMODE=verify-full PGSSLROOTCERT=system ;;
  *sslmode=require*) export PGSSLMODE=require ;;
esac
# 10 s: the server was reachable a moment ago (Liquibase just ran); longer only hides a network problem
export PGCONNECT_TIMEOUT=10

psql -X -q -v ON_ERROR_STOP=1 -f /app/app-role.sql
echo "application role $APP_DATABASE_USERNAME is current"
