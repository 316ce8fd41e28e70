# shellcheck shell=bash
# Redis: Debian's redis-server on the project's own port, in-memory only.

REDIS_DIR="$RUN_DIR/redis"
REDIS_PIDFILE="$REDIS_DIR/redis.pid"
REDIS_LOG="$REDIS_DIR/redis.log"
# The app relies on sharded pub/sub (SSUBSCRIBE/SPUBLISH), new in Redis 7.
REDIS_MIN_MAJOR=7

redis_version() {
  redis-server --version 2>/dev/null | sed -n 's/.* v=\([0-9.]*\).*/\1/p'
}

redis_fetch() {
  if ! command -v redis-server >/dev/null 2>&1; then
    is_root || die "redis: redis-server is not installed (apt-get install redis-server needs root)"
    log "redis: installing Debian redis-server"
    # The package's postinst may try to start a system service; there is none to start here.
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q redis-server >/dev/null ||
      { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q redis-server >/dev/null; } ||
      die "redis: apt-get install redis-server failed"
  fi
  local version
  version="$(redis_version)"
  if ! [[ "${version%%.*}" =~ ^[0-9]+$ ]] || ((${version%%.*} < REDIS_MIN_MAJOR)); then
    die "redis: redis-server '$version' is too old; Redis >= $REDIS_MIN_MAJOR is needed (sharded pub/sub)"
  fi
  command -v redis-cli >/dev/null 2>&1 || die "redis: redis-cli is missing (package redis-tools)"
}

redis_ping() {
  [[ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" == "PONG" ]]
}

redis_start() {
  if live_pid "$REDIS_PIDFILE" redis-server >/dev/null; then
    log "redis: already running on port $REDIS_PORT"
    return 0
  fi
  redis_fetch
  require_port_free redis "$REDIS_PORT"
  mkdir -p "$REDIS_DIR"
  : >"$REDIS_LOG"
  # No RDB snapshots, no AOF: test state must not leak between runs, and disk writes only slow things down.
  redis-server --daemonize yes \
    --bind 127.0.0.1 --port "$REDIS_PORT" \
    --save "" --appendonly no \
    --dir "$REDIS_DIR" --logfile "$REDIS_LOG" --pidfile "$REDIS_PIDFILE" {LOCK_FD}>&- ||
    { show_log_tail "$REDIS_LOG"; die "redis: redis-server failed to start"; }
  if ! wait_until "$START_TIMEOUT" redis_ping; then
    show_log_tail "$REDIS_LOG"
    die "redis: no PONG on port $REDIS_PORT within ${START_TIMEOUT}s"
  fi
  log "redis: ready on 127.0.0.1:$REDIS_PORT (v$(redis_version))"
}

redis_stop() {
  stop_by_pidfile redis "$REDIS_PIDFILE" redis-server
}

redis_status() {
  local pid
  if pid="$(live_pid "$REDIS_PIDFILE" redis-server)"; then
    if redis_ping; then
      printf 'redis          running  pid %-7s 127.0.0.1:%s  v%s\n' "$pid" "$REDIS_PORT" "$(redis_version)"
    else
      printf 'redis          starting pid %-7s 127.0.0.1:%s  (no PONG yet)\n' "$pid" "$REDIS_PORT"
    fi
  else
    printf 'redis          stopped\n'
  fi
}
