#!/usr/bin/env bash
# The vitest suite (unit + integration) against an external PostgreSQL from Debian's packages instead of
# the embedded one: the same tests, through TEST_DATABASE_URL (test/global-setup.ts), as DATABASE_URL
# deployments run. Starts a throwaway server in a scratch directory on a free port and removes it after.
# Needs the `postgresql` package (its server binaries under /usr/lib/postgresql/<version>/bin).
# Usage: bash scripts/test-external-postgres.sh [vitest args…]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$bin/initdb" ] || { echo "no PostgreSQL server binaries under /usr/lib/postgresql (apt-get install postgresql)" >&2; exit 1; }
dir=$(mktemp -d /tmp/proxbox-external-pg.XXXXXX)
chmod 755 "$dir"
port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
password=$(node -e 'console.log(require("crypto").randomBytes(18).toString("base64url"))')
# PostgreSQL refuses to run as root: as root, the server runs as Debian's "postgres" user.
as_server_user() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$dir"
printf '%s\n' "$password" > "$dir/pwfile"
[ "$(id -u)" = 0 ] && chown postgres "$dir/pwfile"
as_server_user "$bin/initdb -D $dir/data -U proxbox_ci --pwfile=$dir/pwfile --auth=scram-sha-256 -E UTF8 --locale=C.UTF-8 >$dir/initdb.log"
stop() { as_server_user "$bin/pg_ctl -D $dir/data -m immediate stop >/dev/null 2>&1" || true; rm -rf "$dir"; }
trap stop EXIT
as_server_user "$bin/pg_ctl -D $dir/data -l $dir/server.log -w -o \"-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300\" start >/dev/null"
echo "external PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
TEST_DATABASE_URL="postgresql://proxbox_ci:$password@127.0.0.1:$port/postgres" npx vitest run "$@"
