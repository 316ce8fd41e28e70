# shellcheck shell=bash
# Shared helpers for the backup scripts of deploy/backup. Sourced, never run.
#
# Server binaries (pg_ctl, postgres) refuse to run as root: when these scripts run as root they run
# them as PG_OS_USER (default `postgres`) with runuser; as any other user they run them directly
# (the backup image's CronJobs run as the postgres user already).

PG_OS_USER="${PG_OS_USER:-postgres}"

log() { printf '[%s] %s\n' "$SCRIPT_NAME" "$*" >&2; }

die() {
  printf '[%s] ERROR: %s\n' "$SCRIPT_NAME" "$*" >&2
  exit 1
}

is_root() { [[ "$(id -u)" -eq 0 ]]; }

# PG_BINDIR, else the newest Debian server install, else wherever pg_ctl is on the PATH (the
# official postgres image puts it there).
pg_bindir() {
  local dir="${PG_BINDIR:-}"
  if [[ -z "$dir" ]]; then
    dir="$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -n 1)"
  fi
  if [[ -z "$dir" ]] && command -v pg_ctl >/dev/null 2>&1; then
    dir="$(dirname "$(command -v pg_ctl)")"
  fi
  [[ -n "$dir" && -x "$dir/pg_ctl" ]] || return 1
  printf '%s\n' "$dir"
}

# shellcheck disable=SC2034 # PG_BIN is read by the scripts that source this file
# Sets PG_BIN or dies: a $(pg_bindir) inside a command would only end a subshell.
require_pg_bindir() {
  PG_BIN="$(pg_bindir)" || die "no Postgres binaries found (set PG_BINDIR, or install postgresql: deploy/local/engines.sh fetch postgres)"
}

# Run a command as the OS user that owns the cluster.
as_pg_user() {
  if is_root; then
    runuser -u "$PG_OS_USER" -- "$@"
  else
    "$@"
  fi
}

# Hand a directory tree to the cluster's OS user (a no-op unless we are root).
give_to_pg_user() {
  if is_root; then
    chown -R "$PG_OS_USER:" "$@"
  fi
}

# Print the last lines of a log so a failed start or recovery explains itself.
show_log_tail() {
  local file="$1" lines="${2:-30}"
  if [[ -s "$file" ]]; then
    printf '[%s] ---- last %s lines of %s ----\n' "$SCRIPT_NAME" "$lines" "$file" >&2
    tail -n "$lines" "$file" >&2
    printf '[%s] ---- end of %s ----\n' "$SCRIPT_NAME" "$file" >&2
  else
    printf '[%s] (no log at %s)\n' "$SCRIPT_NAME" "$file" >&2
  fi
}

# True if something accepts TCP connections on 127.0.0.1:$1.
port_open() {
  # shellcheck disable=SC2016 # $1 is expanded by the inner bash, on purpose
  timeout 2 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"' _ "$1" 2>/dev/null
}

# A port nobody listens on, below Linux's ephemeral range (32768+) so an outgoing connection
# cannot take it between this check and the server's bind.
free_port() {
  local port attempt
  for attempt in $(seq 1 50); do
    port=$((20000 + RANDOM % 12000))
    port_open "$port" || {
      printf '%s\n' "$port"
      return 0
    }
    : "$attempt"
  done
  return 1
}

# The newest complete base backup under $1 (its directory), empty if there is none. Complete =
# renamed from its .partial name, which pg-backup.sh does only after pg_basebackup succeeded.
newest_backup() {
  find "$1" -mindepth 1 -maxdepth 1 -type d -name 'base-*' -exec test -f '{}/backup_manifest' ';' -print 2>/dev/null | sort | tail -n 1
}

# Seconds since a `date +%s%N` stamp, with one decimal.
elapsed_since() {
  local ms=$((($(date +%s%N) - $1) / 1000000))
  printf '%d.%01d' $((ms / 1000)) $((ms % 1000 / 100))
}

# Reject paths Postgres settings would have to quote or a shell would split.
require_plain_path() {
  [[ "$2" =~ ^[A-Za-z0-9_./@:+-]+$ ]] || die "$1 '$2' may only contain letters, digits and _ . / @ : + - (it is embedded in a Postgres setting)"
}
