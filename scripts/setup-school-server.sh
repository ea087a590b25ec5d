#!/usr/bin/env bash
# Create the Attendance Desk database and its login on the school's PostgreSQL server (run once, on the server,
# as a user who may administer PostgreSQL, e.g. `sudo -u postgres scripts/setup-school-server.sh`).
#
#   scripts/setup-school-server.sh [DATABASE] [ROLE]      (defaults: attendance_desk, desk_office)
#
# It asks for the new login's password (never put it on the command line: it would stay in the shell history),
# creates the role with only that right to log in, creates the database owned by it, and locks the database's
# public schema down to that owner. Then allow the office PCs in pg_hba.conf and turn TLS on (see the README).
set -euo pipefail
database=${1:-attendance_desk}
role=${2:-desk_office}
read -r -s -p "Password for the new login '$role': " password; echo
read -r -s -p "The same again: " again; echo
[ "$password" = "$again" ] || { echo "The passwords differ; nothing was created." >&2; exit 1; }
[ ${#password} -ge 12 ] || { echo "Use at least 12 characters; nothing was created." >&2; exit 1; }
psql --no-psqlrc --set ON_ERROR_STOP=1 --set role="$role" --set password="$password" --quiet <<'SQL'
CREATE ROLE :"role" LOGIN PASSWORD :'password' NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION;
SQL
createdb --owner="$role" --encoding=UTF8 --template=template0 "$database"
psql --no-psqlrc --set ON_ERROR_STOP=1 --quiet --dbname="$database" --set role="$role" <<'SQL'
REVOKE ALL ON DATABASE :"DBNAME" FROM PUBLIC;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
ALTER SCHEMA public OWNER TO :"role";
SQL
echo "Created database '$database' owned by '$role'."
echo "Each PC: postgresql+psycopg://$role:PASSWORD@$(hostname -f 2>/dev/null || hostname)/$database?sslmode=require"
