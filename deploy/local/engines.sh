#!/usr/bin/env bash
# Fetch, start and stop the real engines (Postgres, Redis, Kafka, Elasticsearch) that the
# distributed mode and the integration tests talk to, on ports of the project's own.
#
#   engines.sh fetch  [engine...]   download/cache what is needed (idempotent)
#   engines.sh start  [engine...]   fetch if needed, start in the background, wait until really ready
#   engines.sh stop   [engine...]   stop what engines.sh started, wait for exit
#   engines.sh status               one line per engine
#   engines.sh env                  export lines for DATABASE_URL, KAFKA_BROKERS, REDIS_URL, ELASTICSEARCH_URL
#   engines.sh clean  [engine...]   stop, then delete the runtime state (data, logs) — not the cache
#   engines.sh kafka-run-class <main-class> [args...]   run a Kafka tool against the cached jars
#
# Engines: postgres redis kafka elasticsearch (default: all). See deploy/local/README.md.
set -euo pipefail

LIB_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/lib" && pwd)"
# shellcheck source=SCRIPTDIR/lib/common.sh
source "$LIB_DIR/common.sh"
# shellcheck source=SCRIPTDIR/lib/postgres.sh
source "$LIB_DIR/postgres.sh"
# shellcheck source=SCRIPTDIR/lib/redis.sh
source "$LIB_DIR/redis.sh"
# shellcheck source=SCRIPTDIR/lib/kafka.sh
source "$LIB_DIR/kafka.sh"
# shellcheck source=SCRIPTDIR/lib/elasticsearch.sh
source "$LIB_DIR/elasticsearch.sh"

usage() {
  sed -n '2,14s/^# \{0,1\}//p' "${BASH_SOURCE[0]}" >&2
  exit "${1:-2}"
}

# resolve_engines [name...]: set PREFIXES to the function prefixes of the named engines (all by
# default). Not a $(...) helper: die must end the script, not just a subshell.
resolve_engines() {
  local -a names=("$@")
  ((${#names[@]})) || names=("${ALL_ENGINES[@]}")
  PREFIXES=()
  local name
  for name in "${names[@]}"; do
    case "$name" in
      postgres | pg | postgresql) PREFIXES+=(pg) ;;
      redis) PREFIXES+=(redis) ;;
      kafka) PREFIXES+=(kafka) ;;
      elasticsearch | es) PREFIXES+=(es) ;;
      *) die "unknown engine '$name' (known: ${ALL_ENGINES[*]})" ;;
    esac
  done
}

# run_for_each <action> [engine...]: in the order given (default: postgres redis kafka elasticsearch).
run_for_each() {
  local action="$1" prefix
  shift
  resolve_engines "$@"
  local t0
  for prefix in "${PREFIXES[@]}"; do
    t0="$(date +%s%N)"
    "${prefix}_$action"
    # Start times feed the README's numbers and show which engine slows a test run down.
    [[ "$action" == start ]] && log "$(prefix_name "$prefix"): start took $(elapsed_since "$t0")"
  done
  return 0
}

prefix_name() {
  case "$1" in
    pg) printf 'postgres' ;;
    es) printf 'elasticsearch' ;;
    *) printf '%s' "$1" ;;
  esac
}

# Seconds since a `date +%s%N` stamp, with one decimal.
elapsed_since() {
  local ms=$((($(date +%s%N) - $1) / 1000000))
  printf '%d.%01ds' $((ms / 1000)) $((ms % 1000 / 100))
}

# Stop in the reverse of start order, timing each so a slow shutdown shows up in CI logs.
stop_engines() {
  resolve_engines "$@"
  local i t0
  for ((i = ${#PREFIXES[@]} - 1; i >= 0; i--)); do
    t0="$(date +%s%N)"
    "${PREFIXES[i]}_stop"
    log "$(prefix_name "${PREFIXES[i]}"): stop took $(elapsed_since "$t0")"
  done
}

clean_engines() {
  stop_engines "$@"
  resolve_engines "$@"
  local prefix dir
  for prefix in "${PREFIXES[@]}"; do
    case "$prefix" in
      pg) dir="$PG_DIR" ;;
      redis) dir="$REDIS_DIR" ;;
      kafka) dir="$KAFKA_DIR" ;;
      es) dir="$ES_DIR" ;;
    esac
    rm -rf "$dir"
    log "$(prefix_name "$prefix"): runtime state removed ($dir)"
  done
}

print_env() {
  printf 'export DATABASE_URL=postgres://postgres@127.0.0.1:%s/%s\n' "$PG_PORT" "$PG_DATABASE"
  printf 'export KAFKA_BROKERS=127.0.0.1:%s\n' "$KAFKA_PORT"
  printf 'export REDIS_URL=redis://127.0.0.1:%s\n' "$REDIS_PORT"
  printf 'export ELASTICSEARCH_URL=http://127.0.0.1:%s\n' "$ES_PORT"
}

# One engines.sh at a time per runtime dir: two test runs starting Kafka at once would both
# find the port free and race on the same data dir. Engines are launched with {LOCK_FD}>&- so
# they don't inherit the lock and hold it forever.
take_lock() {
  ensure_run_dir
  exec {LOCK_FD}>"$RUN_DIR/.engines.lock"
  if ! flock -w "$((START_TIMEOUT + 60))" "$LOCK_FD"; then
    die "another engines.sh holds $RUN_DIR/.engines.lock"
  fi
}

main() {
  local cmd="${1:-}"
  [[ -n "$cmd" ]] || usage
  shift
  case "$cmd" in
    fetch)
      take_lock
      run_for_each fetch "$@"
      log "fetch done (cache: $CACHE_DIR)"
      ;;
    start)
      is_root || die "start needs root: it runs Postgres and Elasticsearch as their own users"
      take_lock
      run_for_each start "$@"
      ;;
    stop)
      take_lock
      stop_engines "$@"
      ;;
    status)
      run_for_each status "$@"
      ;;
    env)
      print_env
      ;;
    clean)
      take_lock
      clean_engines "$@"
      ;;
    kafka-run-class)
      (($#)) || die "usage: engines.sh kafka-run-class <main-class> [args...]"
      kafka_run_class "$@"
      ;;
    -h | --help | help) usage 0 ;;
    *) usage ;;
  esac
}

main "$@"
