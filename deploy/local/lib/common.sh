# shellcheck shell=bash
# shellcheck disable=SC2034 # the settings below are read by the engine libs sourced after this one
# Shared helpers for deploy/local/engines.sh. Sourced, never run.
#
# Layout:
#   cache (downloads, survives fresh clones):  ${CHAT_ENGINE_CACHE:-$HOME/.cache/chat-platform/engines}
#   runtime (data, logs, pid files):            ${CHAT_ENGINE_RUN_DIR:-/tmp/chat-platform-engines}/<engine>/

LOCAL_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE_DIR="${CHAT_ENGINE_CACHE:-${HOME:-/root}/.cache/chat-platform/engines}"
RUN_DIR="${CHAT_ENGINE_RUN_DIR:-/tmp/chat-platform-engines}"

# Ports of the project's own: the machine may already run Postgres/Redis on the standard ones.
# All below 32768, outside Linux's ephemeral range (32768-60999): a port in that range can be
# taken as the local end of any outgoing connection, and the engine then fails to bind it.
REDIS_PORT="${CHAT_REDIS_PORT:-26379}"
KAFKA_PORT="${CHAT_KAFKA_PORT:-29092}"
KAFKA_CONTROLLER_PORT="${CHAT_KAFKA_CONTROLLER_PORT:-29093}"
ES_PORT="${CHAT_ES_PORT:-29200}"
ES_TRANSPORT_PORT="${CHAT_ES_TRANSPORT_PORT:-29300}"
PG_PORT="${CHAT_PG_PORT:-25432}"

# ES is ready in ~10 s on 2 idle cores; a loaded CI machine (a test run beside it) can take many times that.
START_TIMEOUT="${CHAT_ENGINE_START_TIMEOUT:-180}"
STOP_TIMEOUT="${CHAT_ENGINE_STOP_TIMEOUT:-60}"

ALL_ENGINES=(postgres redis kafka elasticsearch)

# fd of engines.sh's lock file; daemons are started with {LOCK_FD}>&- so they don't keep the lock.
# Before take_lock it points at a harmless spare fd.
LOCK_FD=8

log() { printf '[engines] %s\n' "$*" >&2; }

die() {
  printf '[engines] ERROR: %s\n' "$*" >&2
  exit 1
}

# Print the last lines of an engine's log so a failed start explains itself. Java stack frames
# are dropped: they would fill the tail and push out the exception messages that matter.
show_log_tail() {
  local file="$1" lines="${2:-40}"
  if [[ -s "$file" ]]; then
    printf '[engines] ---- last %s lines of %s (stack frames omitted) ----\n' "$lines" "$file" >&2
    grep -vE '^[[:space:]]+(at |\.\.\. [0-9]+ )' "$file" | tail -n "$lines" >&2
    printf '[engines] ---- end of %s ----\n' "$file" >&2
  else
    printf '[engines] (no log at %s)\n' "$file" >&2
  fi
}

# Print only the error lines of a log (first ones first: the root cause comes before the fallout).
show_log_errors() {
  local file="$1" pattern="$2" lines="${3:-15}"
  [[ -s "$file" ]] || return 0
  if grep -qE "$pattern" "$file"; then
    printf '[engines] ---- errors in %s ----\n' "$file" >&2
    grep -E "$pattern" "$file" | grep -vE '^[[:space:]]+at ' | cut -c1-400 | head -n "$lines" >&2
    printf '[engines] ---- end of errors ----\n' >&2
  fi
}

is_root() { [[ "$(id -u)" -eq 0 ]]; }

# True if something accepts TCP connections on 127.0.0.1:$1 (bash's /dev/tcp, no nc needed).
port_open() {
  # shellcheck disable=SC2016 # $1 is expanded by the inner bash, on purpose
  timeout 2 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"' _ "$1" 2>/dev/null
}

# A zombie counts as gone: it has exited and only waits for its parent (here often pid 1, which
# may reap late) to collect it; kill -0 alone would still report it alive.
pid_alive() {
  [[ -n "${1:-}" ]] && kill -0 "$1" 2>/dev/null || return 1
  local stat state
  stat="$(<"/proc/$1/stat")" 2>/dev/null || return 1
  state="${stat##*) }" # the state field follows "(comm) ", and comm may itself contain spaces
  [[ "${state%% *}" != Z ]]
}

pid_gone() { ! pid_alive "$1"; }

# Print the pid stored in $1 if that process is alive; a stale file (reboot, crash) is removed.
# $2, optional: a word the process's command line must contain, so a reused pid isn't taken for ours.
live_pid() {
  local file="$1" expect="${2:-}" pid
  [[ -f "$file" ]] || return 1
  # First line only: postmaster.pid carries more lines after the pid.
  pid="$(head -n 1 "$file" | tr -dc '0-9')"
  if pid_alive "$pid" && { [[ -z "$expect" ]] || tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$expect"; }; then
    printf '%s\n' "$pid"
    return 0
  fi
  rm -f "$file" 2>/dev/null || true
  return 1
}

# wait_until <timeout-seconds> <command...>: poll the command every half second until it succeeds.
wait_until() {
  local limit="$1" deadline
  shift
  deadline=$((SECONDS + limit))
  until "$@"; do
    ((SECONDS < deadline)) || return 1
    sleep 0.5
  done
}

# wait_ready <name> <pid> <show-logs-fn> <command...>: poll until the command succeeds. Fail fast
# if the engine process dies meanwhile, or on timeout; either way <show-logs-fn> prints its log tails.
wait_ready() {
  local name="$1" pid="$2" show_logs="$3" deadline
  shift 3
  deadline=$((SECONDS + START_TIMEOUT))
  until "$@"; do
    if ! pid_alive "$pid"; then
      "$show_logs"
      die "$name: process $pid exited during startup"
    fi
    if ((SECONDS >= deadline)); then
      "$show_logs"
      die "$name: not ready within ${START_TIMEOUT}s (pid $pid still running; stop it with: engines.sh stop $name)"
    fi
    sleep 0.5
  done
}

# Wait for a pid to exit; SIGKILL it if it outlives the timeout so stop never leaves an orphan.
wait_pid_exit() {
  local pid="$1" name="$2" limit="${3:-$STOP_TIMEOUT}"
  if ! wait_until "$limit" pid_gone "$pid"; then
    log "$name (pid $pid) did not exit within ${limit}s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    wait_until 10 pid_gone "$pid" || die "$name (pid $pid) survived SIGKILL"
  fi
}

# Stop a process we started, by its pid file: SIGTERM (engines shut down cleanly on it), wait, clean up.
stop_by_pidfile() {
  local name="$1" file="$2" expect="${3:-}" pid
  if ! pid="$(live_pid "$file" "$expect")"; then
    log "$name: not running"
    return 0
  fi
  log "$name: stopping pid $pid"
  kill -TERM "$pid" 2>/dev/null || true
  wait_pid_exit "$pid" "$name"
  rm -f "$file"
  log "$name: stopped"
}

# Refuse to start when the port already belongs to someone else: a test would silently talk to a
# stranger (e.g. the machine's own Postgres or Redis) instead of the engine it asked for.
require_port_free() {
  local name="$1" port="$2"
  if port_open "$port"; then
    die "$name: port $port is already in use by another process (not started by engines.sh). Free it or set the CHAT_*_PORT variable."
  fi
}

# Keep the previous run's log as <file>.prev, so a failed start shows only its own lines.
rotate_log() {
  [[ -f "$1" ]] && mv -f "$1" "$1.prev"
  return 0
}

# render_template <src> <dst> TOKEN=value...: replace @TOKEN@ placeholders.
render_template() {
  local src="$1" dst="$2" pair key value content
  shift 2
  content="$(<"$src")"
  for pair in "$@"; do
    key="${pair%%=*}"
    value="${pair#*=}"
    content="${content//@${key}@/${value}}"
  done
  if grep -qE '@[A-Z_]+@' <<<"$content"; then
    die "unreplaced placeholder in $src: $(grep -oE '@[A-Z_]+@' <<<"$content" | head -1)"
  fi
  printf '%s\n' "$content" >"$dst"
}

# Engines that refuse root (ES) or want their own owner (Postgres) run as a system user.
ensure_system_user() {
  local user="$1"
  id -u "$user" >/dev/null 2>&1 && return 0
  is_root || die "system user '$user' is missing and only root can create it"
  log "creating system user $user"
  useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$user"
}

# The runtime dir must be traversable by the non-root engine users (postgres, chat-es).
ensure_run_dir() {
  mkdir -p "$RUN_DIR"
  chmod 755 "$RUN_DIR"
}

# Make a dir owned by $1 and check that user can really write there: a RUN_DIR under a 0700
# home would otherwise fail later with an obscure engine error.
make_user_dir() {
  local user="$1" dir="$2"
  mkdir -p "$dir"
  chown -R "$user:" "$dir"
  runuser -u "$user" -- test -w "$dir" ||
    die "user $user cannot reach $dir (a parent dir is not world-traversable); set CHAT_ENGINE_RUN_DIR to a path under /tmp"
}

# mvn_logged <logfile> <mvn args...>: Maven in batch mode with its output in a log file, shown only
# on failure (Debian's Maven 3.8 prints stray ANSI codes even with -q, which would litter test logs).
mvn_logged() {
  local logfile="$1"
  shift
  command -v mvn >/dev/null 2>&1 || die "mvn not found: Maven is needed to fetch Kafka and Elasticsearch"
  if ! mvn -B -Dstyle.color=never "$@" >"$logfile" 2>&1; then
    show_log_tail "$logfile" 30
    return 1
  fi
}

# A JDK whose major version is at least $1: CHAT_ENGINE_JAVA_HOME, then the default java, then /usr/lib/jvm.
find_java_home() {
  local want="$1" candidate major
  local -a candidates=()
  [[ -n "${CHAT_ENGINE_JAVA_HOME:-}" ]] && candidates+=("$CHAT_ENGINE_JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for candidate in /usr/lib/jvm/*/; do candidates+=("${candidate%/}"); done
  for candidate in "${candidates[@]}"; do
    [[ -x "$candidate/bin/java" ]] || continue
    major="$("$candidate/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p')"
    if [[ -n "$major" ]] && ((major >= want)); then
      printf '%s\n' "$candidate"
      return 0
    fi
  done
  return 1
}
