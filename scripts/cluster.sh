#!/usr/bin/env bash
# The split deployment on this machine: the real engines of deploy/local/engines.sh and every app
# as its own process, with two gateways on ports 3101 and 3102.
#
#   scripts/cluster.sh up       start engines (those not running yet) and every app; wait until all are ready
#   scripts/cluster.sh down     stop every app it started (SIGTERM, then SIGKILL), then the engines it started
#   scripts/cluster.sh status   one line per app
#
# State (pids, logs, generated secrets) lives in ${CHAT_CLUSTER_DIR:-/tmp/chat-cluster}.
# See deploy/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."

DIR="${CHAT_CLUSTER_DIR:-/tmp/chat-cluster}"
READY_TIMEOUT="${CHAT_CLUSTER_READY_TIMEOUT:-120}"
# name:app:port, in start order (command first: it migrates the schema).
APPS=(
  "command:command:${CHAT_COMMAND_PORT:-3111}"
  "query:query:${CHAT_QUERY_PORT:-3112}"
  "gateway-a:gateway:${CHAT_GATEWAY_A_PORT:-3101}"
  "gateway-b:gateway:${CHAT_GATEWAY_B_PORT:-3102}"
  "search-indexer:search-indexer:${CHAT_SEARCH_INDEXER_PORT:-3113}"
  "notification:notification:${CHAT_NOTIFICATION_PORT:-3114}"
  "media:media:${CHAT_MEDIA_PORT:-3115}"
)

log() { printf '[cluster] %s\n' "$*" >&2; }
die() {
  printf '[cluster] ERROR: %s\n' "$*" >&2
  exit 1
}
port_of() {
  local entry
  for entry in "${APPS[@]}"; do
    if [[ "${entry%%:*}" == "$1" ]]; then printf '%s' "${entry##*:}"; fi
  done
}
alive() { [[ -f "$DIR/$1.pid" ]] && kill -0 "$(cat "$DIR/$1.pid")" 2>/dev/null; }

# Secrets shared by every app of this cluster, made once and kept for restarts.
secrets() {
  if [[ ! -f "$DIR/secrets.env" ]]; then
    umask 077
    printf 'JWT_SECRET=%s\nSERVICE_TOKEN=%s\n' "$(head -c 32 /dev/urandom | base64 | tr -d '/+=')" "$(head -c 32 /dev/urandom | base64 | tr -d '/+=')" > "$DIR/secrets.env"
  fi
  # One Web Push key pair for every app (split apps without one have no push); added to older files too.
  if ! grep -q '^VAPID_PUBLIC_KEY=' "$DIR/secrets.env"; then
    node -e "const k = require('web-push').generateVAPIDKeys(); console.log('VAPID_PUBLIC_KEY=' + k.publicKey + '\nVAPID_PRIVATE_KEY=' + k.privateKey)" >> "$DIR/secrets.env"
  fi
  set -a
  # shellcheck disable=SC1091
  source "$DIR/secrets.env"
  set +a
}

start_app() {
  local name="$1" app="$2" port="$3"
  if alive "$name"; then
    log "$name already running (pid $(cat "$DIR/$name.pid"))"
    return
  fi
  local -a extra=()
  [[ "$app" == gateway ]] && extra=(COMMAND_URL="http://127.0.0.1:$(port_of command)" QUERY_URL="http://127.0.0.1:$(port_of query)" MEDIA_URL="http://127.0.0.1:$(port_of media)")
  # Uploads beside the other state of the cluster, not in the repo's ./data.
  [[ "$app" == media ]] && extra=(MEDIA_DIR="$DIR/media")
  # Its own session, so a Ctrl-C in the calling shell does not take the cluster down half-way.
  env PORT="$port" NODE_ID="$name" "${extra[@]}" setsid node scripts/run-app.js "$app" > "$DIR/$name.log" 2>&1 < /dev/null &
  echo $! > "$DIR/$name.pid"
  log "$name starting on :$port (pid $!, log $DIR/$name.log)"
}

wait_ready() {
  local name="$1" port="$2" deadline=$((SECONDS + READY_TIMEOUT))
  until curl -sf "http://127.0.0.1:$port/health/ready" > /dev/null; do
    if ! alive "$name"; then
      tail -n 30 "$DIR/$name.log" >&2 || true
      die "$name exited during start (log: $DIR/$name.log)"
    fi
    ((SECONDS < deadline)) || die "$name not ready after ${READY_TIMEOUT}s (log: $DIR/$name.log)"
    sleep 0.5
  done
  log "$name ready on http://127.0.0.1:$port"
}

up() {
  mkdir -p "$DIR"
  # Remember which engines this cluster starts, so `down` stops those and leaves the others running.
  if [[ ! -f "$DIR/engines.started" ]]; then
    bash deploy/local/engines.sh status 2>/dev/null | awk '$2 != "running" { print $1 }' > "$DIR/engines.started"
  fi
  bash deploy/local/engines.sh start
  eval "$(bash deploy/local/engines.sh env)"
  export DATABASE_URL KAFKA_BROKERS REDIS_URL ELASTICSEARCH_URL
  secrets
  export LOG_LEVEL="${LOG_LEVEL:-info}"
  local entry name app port
  for entry in "${APPS[@]}"; do
    IFS=: read -r name app port <<< "$entry"
    start_app "$name" "$app" "$port"
    # The schema must exist before the others connect (they would wait on the migration lock anyway).
    if [[ "$name" == command ]]; then wait_ready command "$port"; fi
  done
  for entry in "${APPS[@]}"; do
    IFS=: read -r name app port <<< "$entry"
    wait_ready "$name" "$port"
  done
  log "cluster up: gateways on http://127.0.0.1:$(port_of gateway-a) and http://127.0.0.1:$(port_of gateway-b)"
}

stop_app() {
  local name="$1" pid
  [[ -f "$DIR/$name.pid" ]] || return 0
  pid="$(cat "$DIR/$name.pid")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + 20))
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
    if kill -0 "$pid" 2>/dev/null; then
      log "$name still running after 20 s: SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    log "$name stopped"
  fi
  rm -f "$DIR/$name.pid"
}

down() {
  local i
  # Reverse order: the edge first, the write side last.
  for ((i = ${#APPS[@]} - 1; i >= 0; i--)); do stop_app "${APPS[i]%%:*}"; done
  if [[ -f "$DIR/engines.started" ]]; then
    local -a engines
    mapfile -t engines < "$DIR/engines.started"
    if ((${#engines[@]})); then bash deploy/local/engines.sh stop "${engines[@]}"; fi
    rm -f "$DIR/engines.started"
  fi
  log "cluster down"
}

status() {
  local entry name app port
  for entry in "${APPS[@]}"; do
    IFS=: read -r name app port <<< "$entry"
    if alive "$name"; then
      printf '%-15s running  pid %-7s :%s  %s\n' "$name" "$(cat "$DIR/$name.pid")" "$port" "$(curl -s "http://127.0.0.1:$port/health/ready" || echo unreachable)"
    else
      printf '%-15s stopped\n' "$name"
    fi
  done
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  *) sed -n '2,10s/^# \{0,1\}//p' "$0" >&2; exit 2 ;;
esac
