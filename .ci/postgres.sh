#!/usr/bin/env bash
# A throwaway PostgreSQL server for the store's tests.
#
# Source it, then call start_postgres; it exports LEADERBOOK_TEST_PG_URL and
# stops the server (and removes its files) when the sourcing shell exits:
#
#     . .ci/postgres.sh && start_postgres
#
# Run directly (`bash .ci/postgres.sh`), it starts a server and prints the
# export line plus the command that stops it, for a developer's own shell:
#
#     eval "$(bash .ci/postgres.sh)"     # ... later: eval "$LEADERBOOK_PG_STOP"
#
# LEADERBOOK_PG_MAX_CONNECTIONS sets the server's max_connections (100 unless given).
#
# When LEADERBOOK_TEST_PG_URL is already set, nothing is started: that
# server is used as it is. PostgreSQL is installed from Debian's packages
# when no /usr/lib/postgresql/*/bin/initdb exists. initdb refuses to run as
# root, so as root the cluster belongs to the `postgres` user (which the
# Debian package creates).

_pg_bin_dir() {
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$found" ] && [ -x "$found/initdb" ] && printf '%s\n' "$found"
}

_pg_install() {
  echo "postgres.sh: installing PostgreSQL from Debian's packages" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2 && apt-get install -y -qq postgresql >&2
}

_pg_free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Run a command as the cluster's owner: ourselves, or `postgres` when we are root.
_pg_as_owner() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

stop_postgres() {
  [ -n "${_LB_PG_DIR:-}" ] || return 0
  local bin
  bin=$(_pg_bin_dir)
  _pg_as_owner "$bin/pg_ctl" -D "$_LB_PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$_LB_PG_DIR"
  unset _LB_PG_DIR
}

start_postgres() {
  if [ -n "${LEADERBOOK_TEST_PG_URL:-}" ]; then
    echo "postgres.sh: using the server at LEADERBOOK_TEST_PG_URL" >&2
    return 0
  fi
  local bin port dir
  bin=$(_pg_bin_dir) || { _pg_install && bin=$(_pg_bin_dir); } || {
    echo "postgres.sh: PostgreSQL is not installed and could not be installed" >&2
    return 1
  }
  port=$(_pg_free_port)
  dir=$(mktemp -d /tmp/leaderbook-pg.XXXXXX)
  chmod 755 "$dir"
  [ "$(id -u)" = 0 ] && chown postgres: "$dir"
  # trust on 127.0.0.1 only: the server lives for one test run, bound to loopback.
  _pg_as_owner "$bin/initdb" -D "$dir/data" -U leaderbook --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || {
    cat "$dir/initdb.log" >&2
    return 1
  }
  _pg_as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c max_connections=${LEADERBOOK_PG_MAX_CONNECTIONS:-100}" start >/dev/null || {
    cat "$dir/server.log" >&2
    return 1
  }
  _pg_as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U leaderbook leaderbook_test || return 1
  _LB_PG_DIR=$dir
  export LEADERBOOK_TEST_PG_URL="postgresql+psycopg://leaderbook@127.0.0.1:$port/leaderbook_test"
  trap stop_postgres EXIT
  echo "postgres.sh: PostgreSQL on 127.0.0.1:$port (files in $dir)" >&2
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  # Run directly: start, hand the server over to the caller, do not stop on exit.
  set -e
  start_postgres
  trap - EXIT
  printf 'export LEADERBOOK_TEST_PG_URL=%q\n' "$LEADERBOOK_TEST_PG_URL"
  if [ -n "${_LB_PG_DIR:-}" ]; then
    stop="$(_pg_bin_dir)/pg_ctl -D $_LB_PG_DIR/data -m immediate stop; rm -rf $_LB_PG_DIR"
    [ "$(id -u)" = 0 ] && stop="runuser -u postgres -- $stop"
    printf 'export LEADERBOOK_PG_STOP=%q\n' "$stop"
  fi
fi
