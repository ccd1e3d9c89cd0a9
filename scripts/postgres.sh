#!/usr/bin/env bash
# A PostgreSQL server with PostGIS for marsad's tests and benchmarks, on any Debian machine.
#
#   scripts/postgres.sh            prints a connection URL of a fresh throw-away database
#
# (a) A server answers on 127.0.0.1:5432 (MARSAD_PG_HOST/MARSAD_PG_PORT to choose another):
#     PostGIS for its major version is installed from Debian's packages when missing, and a
#     throw-away database (marsad_test_<pid>_<time>) is created in it.
# (b) No server answers: PostgreSQL and PostGIS are installed from Debian's packages when
#     missing, and a throw-away cluster is made with initdb in target/pg and started on a free
#     port (trust authentication, listening on 127.0.0.1 only); it stays up for later runs.
# Prints `postgres://USER@HOST:PORT/DB` on stdout (the only line on stdout); progress on stderr.
# Exits 3 when no server can be had (no apt-get, no root, install failed): callers skip then.
set -euo pipefail
cd "$(dirname "$0")/.."
HOST=${MARSAD_PG_HOST:-127.0.0.1}
PORT=${MARSAD_PG_PORT:-5432}
USER_NAME=${MARSAD_PG_USER:-postgres}
say() { echo "postgres.sh: $*" >&2; }

have_apt_root() { command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; }

apt_install() {
    have_apt_root || { say "cannot install $* (needs apt-get as root)"; return 3; }
    say "installing $* from Debian's packages"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >&2 \
        || { apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >&2; }
}

answers() { pg_isready -q -h "$1" -p "$2" 2>/dev/null; }

# The server's major version, as psql reports it.
major_of() { psql -h "$1" -p "$2" -U "$USER_NAME" -d postgres -Atc "SHOW server_version_num" | cut -c1-2; }

ensure_postgis() {
    local major=$1
    if [ -e "/usr/share/postgresql/$major/extension/postgis.control" ]; then return 0; fi
    apt_install "postgresql-$major-postgis-3" || { say "PostGIS missing and cannot be installed"; return 3; }
}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# (b): a cluster of our own under target/pg.
own_cluster() {
    if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
        apt_install postgresql postgresql-contrib || exit 3
    fi
    local bin major dir
    bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
    major=$(basename "$(dirname "$bin")")
    ensure_postgis "$major" || exit 3
    dir=$PWD/target/pg
    local run_as=()
    # initdb refuses to run as root: the cluster belongs to the postgres user when we are root.
    if [ "$(id -u)" = 0 ]; then
        id postgres >/dev/null 2>&1 || useradd --system --home-dir "$dir" postgres
        run_as=(runuser -u postgres --)
    fi
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    if [ -f "$dir/port" ] && answers 127.0.0.1 "$(cat "$dir/port")"; then
        PORT=$(cat "$dir/port")
    else
        if [ ! -f "$dir/data/PG_VERSION" ]; then
            say "initdb in $dir/data"
            "${run_as[@]}" "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >&2
        fi
        PORT=$(free_port)
        echo "$PORT" >"$dir/port"
        say "starting a throw-away cluster on 127.0.0.1:$PORT"
        "${run_as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
            -o "-p $PORT -c listen_addresses=127.0.0.1 -k /tmp" start >&2
    fi
    HOST=127.0.0.1
    USER_NAME=postgres
}

if answers "$HOST" "$PORT"; then
    ensure_postgis "$(major_of "$HOST" "$PORT")" || exit 3
else
    say "no server answers on $HOST:$PORT"
    own_cluster
fi
db="marsad_test_$$_$(date +%s)"
psql -q -h "$HOST" -p "$PORT" -U "$USER_NAME" -d postgres -c "CREATE DATABASE $db" >&2
echo "postgres://$USER_NAME@$HOST:$PORT/$db"
