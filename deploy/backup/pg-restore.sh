#!/usr/bin/env bash
# Restore a base backup into a new data directory and replay archived WAL up to a point in time.
#
#   pg-restore.sh --target-dir DIR [--backup DIR|latest] [--backup-dir DIR] [--wal-archive DIR]
#                 [--target-time 'YYYY-MM-DD HH:MM:SS[.ffffff]+00'|latest] [--port N]
#                 [--socket-dir DIR] [--keep-running] [--keep-archiving]
#
#   --target-dir     the new data directory; created if missing, refused if not empty
#   --backup         a base backup made by pg-backup.sh, or `latest` (default): the newest in
#                    --backup-dir that ended before --target-time
#   --backup-dir     where pg-backup.sh puts backups (BACKUP_DIR)
#   --wal-archive    the WAL archive (WAL_ARCHIVE_DIR)
#   --target-time    stop replay at the last commit at or before this time, then promote; `latest`
#                    (default) replays every archived segment
#   --port           port number of the recovery run's socket (default: a free one)
#   --socket-dir     its Unix socket directory (default: a fresh private one)
#   --keep-running   leave the restored server running on --port/--socket-dir, else stop it cleanly
#   --keep-archiving keep the backup's archive settings. Without it the restored cluster does not
#                    archive: a drill or an inspection copy must never put a new timeline into the
#                    production archive (a later recovery to `latest` would follow it). Pass it when
#                    this restore becomes the new primary, and take a fresh base backup after.
#
# Recovery runs privately: no TCP, only a Unix socket in a directory that only the cluster's OS
# user can enter (with a temporary hba file that trusts it), so no application writes to a
# half-restored database. Returns once the server has promoted, i.e. the restore is usable, and
# prints the time of the last transaction replayed. Exits non-zero, saying why, if no backup ended
# before the target time, the backup fails verification against its manifest, or recovery fails
# (the server log's tail is shown: e.g. a segment missing from the archive).
set -euo pipefail
SCRIPT_NAME=pg-restore
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=SCRIPTDIR/lib/common.sh
source "$SCRIPT_DIR/lib/common.sh"

usage() {
  sed -n '2,28s/^# \{0,1\}//p' "${BASH_SOURCE[0]}" >&2
  exit "${1:-2}"
}

target_dir=""
backup="latest"
backup_dir="${BACKUP_DIR:-}"
wal_archive="${WAL_ARCHIVE_DIR:-}"
target_time="latest"
port=""
socket_dir=""
keep_running=0
keep_archiving=0
# Replaying a day of WAL on a slow disk takes a while; past the RTO it is a failure anyway.
timeout="${RESTORE_TIMEOUT:-900}"
while (($#)); do
  case "$1" in
    --target-dir) target_dir="${2:?--target-dir needs a value}"; shift 2 ;;
    --backup) backup="${2:?--backup needs a value}"; shift 2 ;;
    --backup-dir) backup_dir="${2:?--backup-dir needs a value}"; shift 2 ;;
    --wal-archive) wal_archive="${2:?--wal-archive needs a value}"; shift 2 ;;
    --target-time) target_time="${2:?--target-time needs a value}"; shift 2 ;;
    --port) port="${2:?--port needs a value}"; shift 2 ;;
    --socket-dir) socket_dir="${2:?--socket-dir needs a value}"; shift 2 ;;
    --keep-running) keep_running=1; shift ;;
    --keep-archiving) keep_archiving=1; shift ;;
    -h | --help) usage 0 ;;
    *) usage ;;
  esac
done

[[ -n "$target_dir" ]] || die "no --target-dir"
[[ -n "$wal_archive" ]] || die "no WAL archive: pass --wal-archive or set WAL_ARCHIVE_DIR"
[[ -d "$wal_archive" ]] || die "WAL archive $wal_archive does not exist"
require_plain_path "WAL archive" "$wal_archive"
require_plain_path "script dir" "$SCRIPT_DIR"
target_epoch=""
if [[ "$target_time" != latest ]]; then
  if ! [[ "$target_time" =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}[T\ ][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?([+-][0-9]{2}(:?[0-9]{2})?|Z| UTC)$ ]] ||
    ! target_epoch="$(date -u -d "$target_time" +%s.%N 2>/dev/null)"; then
    die "--target-time '$target_time' is not a timestamp with a zone, e.g. '2026-01-31 13:45:00+00'"
  fi
fi

# True if backup $1 ended at or before the target time (always, without a target). Recovery cannot
# stop before the backup's end: Postgres would stop at the first commit after it and promote,
# silently further on than asked.
ended_before_target() {
  [[ -n "$target_epoch" ]] || return 0
  local end
  end="$(backup_end "$1")" && end="$(date -u -d "$end" +%s.%N)" || return 1
  awk -v e="$end" -v t="$target_epoch" 'BEGIN { exit !(e <= t) }'
}

# When backup $1 ended; without pg-backup.sh's note, its start (backup_label), which is earlier.
backup_end() {
  if [[ -f "$1/backup_end" ]]; then
    cat -- "$1/backup_end"
  else
    sed -n 's/^START TIME: //p' "$1/backup_label" 2>/dev/null | grep .
  fi
}

if [[ "$backup" == latest ]]; then
  [[ -n "$backup_dir" ]] || die "--backup latest needs --backup-dir or BACKUP_DIR"
  # The newest backup that can reach the target.
  mapfile -t candidates < <(find "$backup_dir" -mindepth 1 -maxdepth 1 -type d -name 'base-*' -exec test -f '{}/backup_manifest' ';' -print 2>/dev/null | sort -r)
  ((${#candidates[@]})) || die "no complete base backup in $backup_dir"
  backup=""
  for candidate in "${candidates[@]}"; do
    if ended_before_target "$candidate"; then
      backup="$candidate"
      break
    fi
  done
  [[ -n "$backup" ]] || die "every base backup in $backup_dir ended after $target_time (the oldest, $(basename "${candidates[-1]}"), at $(backup_end "${candidates[-1]}")): that time is out of reach"
fi
[[ -f "$backup/backup_manifest" ]] || die "$backup is not a base backup made by pg-backup.sh (no backup_manifest)"
ended_before_target "$backup" ||
  die "backup $(basename "$backup") ended at $(backup_end "$backup"), after the target $target_time: choose an older backup"
if [[ -n "$port" ]]; then
  [[ "$port" =~ ^[0-9]+$ ]] || die "--port must be a number"
  port_open "$port" && die "port $port is already in use"
else
  port="$(free_port)" || die "no free port found"
fi
require_pg_bindir

# Never write over anything: an existing non-empty directory may be the live cluster.
if [[ -e "$target_dir" ]]; then
  [[ -d "$target_dir" ]] || die "$target_dir exists and is not a directory"
  [[ -z "$(ls -A "$target_dir")" ]] || die "$target_dir is not empty; restore into a new directory"
fi
mkdir -p "$target_dir"
target_dir="$(cd "$target_dir" && pwd)"
chmod 700 "$target_dir"

t0="$(date +%s%N)"
log "restoring $(basename "$backup") into $target_dir (target: $target_time)"
base_tar="$(find "$backup" -maxdepth 1 -name 'base.tar*' -print -quit)"
wal_tar="$(find "$backup" -maxdepth 1 -name 'pg_wal.tar*' -print -quit)"
[[ -n "$base_tar" ]] || die "no base.tar* in $backup"
tar -xf "$base_tar" -C "$target_dir" || die "could not extract $base_tar"
if [[ -n "$wal_tar" ]]; then
  tar -xf "$wal_tar" -C "$target_dir/pg_wal" || die "could not extract $wal_tar"
fi
# The extracted tree is exactly a plain-format backup, which is what pg_verifybackup (v15) checks:
# every file's size and checksum, and that the WAL the backup needs is present and parses.
cp -- "$backup/backup_manifest" "$target_dir/backup_manifest"
"$PG_BIN/pg_verifybackup" --quiet "$target_dir" || die "backup $(basename "$backup") failed verification against its manifest"
rm -f -- "$target_dir/backup_manifest"

{
  printf '\n# --- point-in-time recovery by deploy/backup/pg-restore.sh from %s ---\n' "$(basename "$backup")"
  printf "restore_command = '%s/pg-restore-wal.sh %%f %%p %s'\n" "$SCRIPT_DIR" "$wal_archive"
  printf "recovery_target_timeline = 'latest'\n"
  if [[ "$target_time" != latest ]]; then
    printf "recovery_target_time = '%s'\n" "$target_time"
    printf "recovery_target_action = 'promote'\n"
  fi
  ((keep_archiving)) || printf "archive_mode = 'off'\n"
} >>"$target_dir/postgresql.auto.conf"
touch "$target_dir/recovery.signal"

if [[ -z "$socket_dir" ]]; then
  socket_dir="$(mktemp -d "${TMPDIR:-/tmp}/pg-restore-sock.XXXXXX")"
  # Ours to remove on any exit, unless a server still runs on it (--keep-running).
  trap '[[ -f "$target_dir/postmaster.pid" ]] || rm -rf -- "$socket_dir"' EXIT
fi
mkdir -p "$socket_dir"
chmod 700 "$socket_dir"
require_plain_path "socket dir" "$socket_dir"
# Outside the data dir: the restored cluster must not carry the temporary trust-everything hba.
hba="$socket_dir/pg_hba.restore.conf"
printf 'local all all trust\n' >"$hba"
log_file="$target_dir/log/pg-restore.log"
mkdir -p "$target_dir/log"
give_to_pg_user "$target_dir" "$socket_dir"

# The restore log is the server's log of the recovery run; the cluster's own logging settings
# (logging_collector, log_directory) come with the backup and take over at its next normal start.
opts="-p $port -c listen_addresses= -c unix_socket_directories=$socket_dir -c hba_file=$hba -c logging_collector=off"
# Not pg_ctl -w: with hot_standby it returns as soon as replay is consistent, long before it ends.
if ! as_pg_user "$PG_BIN/pg_ctl" -D "$target_dir" -l "$log_file" -o "$opts" -W start >/dev/null; then
  show_log_tail "$log_file"
  die "pg_ctl start failed"
fi

# Wait for the postmaster to exist, then follow it: a recovery that fails (e.g. "recovery ended
# before configured recovery target was reached") ends it.
pm_pid=""
for _ in $(seq 1 40); do
  pm_pid="$(head -n 1 "$target_dir/postmaster.pid" 2>/dev/null | tr -dc '0-9')" && [[ -n "$pm_pid" ]] && break
  sleep 0.25
done
[[ -n "$pm_pid" ]] || { show_log_tail "$log_file"; die "the server did not start (no postmaster.pid)"; }
# The control file says "in production" once recovery has ended and the server promoted; it needs
# no database role, which varies between installs. The backup's own control file says so too until
# recovery starts, but the server refuses connections until then.
promoted() {
  as_pg_user env LC_ALL=C "$PG_BIN/pg_controldata" -D "$target_dir" 2>/dev/null | grep -qE '^Database cluster state: +in production$' &&
    "$PG_BIN/pg_isready" -q -h "$socket_dir" -p "$port" -U "${PGUSER:-$PG_OS_USER}"
}
deadline=$((SECONDS + timeout))
until promoted; do
  if ! kill -0 "$pm_pid" 2>/dev/null; then
    show_log_tail "$log_file"
    die "recovery failed: the server exited (its log is kept at $log_file)"
  fi
  if ((SECONDS >= deadline)); then
    show_log_tail "$log_file"
    as_pg_user "$PG_BIN/pg_ctl" -D "$target_dir" -m immediate -w stop >/dev/null 2>&1 || true
    die "not promoted within ${timeout}s (RESTORE_TIMEOUT): still replaying WAL, or stuck (see the log above)"
  fi
  sleep 0.25
done

# Both lines come from the server itself: what it replayed, and where it stopped.
stopped="$(grep -oE 'recovery stopping (before|after) [^,]*, time .*' "$log_file" | tail -n 1 || true)"
last_tx="$(grep -oE 'last completed transaction was at log time .*' "$log_file" | tail -n 1 | sed 's/^last completed transaction was at log time //' || true)"
log "promoted after $(elapsed_since "$t0") s; last replayed transaction at ${last_tx:-unknown}${stopped:+ ($stopped)}"

if ((keep_running)); then
  log "running on socket $socket_dir, port $port (stop: pg_ctl -D $target_dir -m fast stop)"
else
  as_pg_user "$PG_BIN/pg_ctl" -D "$target_dir" -m fast -w stop >/dev/null || die "pg_ctl stop failed"
  log "stopped; start it with its own settings: pg_ctl -D $target_dir start"
fi
printf 'restored_to=%s\n' "${last_tx:-unknown}"
printf 'restore_seconds=%s\n' "$(elapsed_since "$t0")"
